import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { localized } from "@courier-station/core";
import type { ConfigProblem, ServiceDefinition } from "@courier-station/kit";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/**
 * Whether a value is a service definition as `defineService` of `@courier-station/kit`
 * makes it: a name, a version, and lists of endpoints, consumers and timers. Checked by
 * shape, not by `instanceof`, so a plugin built against another copy of kit still counts.
 *
 * @example
 * isServiceDefinition(registryService()); // true
 * isServiceDefinition({ name: "heat-wave" }); // false
 */
export const isServiceDefinition = (value: unknown): value is ServiceDefinition<unknown> =>
  isRecord(value) &&
  typeof value.name === "string" &&
  typeof value.version === "string" &&
  Array.isArray(value.endpoints) &&
  Array.isArray(value.consumers) &&
  Array.isArray(value.timers);

/** The service definitions a module exports (named exports, and a default one if it has it). */
export const serviceDefinitionsIn = (
  module: Record<string, unknown>,
): ReadonlyArray<ServiceDefinition<unknown>> => {
  const found: ServiceDefinition<unknown>[] = [];
  for (const value of Object.values(module)) {
    if (isServiceDefinition(value) && !found.includes(value)) found.push(value);
  }
  return found;
};

/** A plugin the configuration names and the services it brought. */
export interface LoadedPlugin {
  /** As the configuration wrote it. */
  readonly specifier: string;
  readonly services: ReadonlyArray<ServiceDefinition<unknown>>;
}

const isPath = (specifier: string): boolean =>
  specifier.startsWith("./") ||
  specifier.startsWith("../") ||
  specifier === "." ||
  isAbsolute(specifier);

const isMissing = (error: unknown): boolean =>
  isRecord(error) &&
  (error.code === "ERR_MODULE_NOT_FOUND" ||
    error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" ||
    error.code === "ERR_UNSUPPORTED_DIR_IMPORT" ||
    error.code === "MODULE_NOT_FOUND");

// Bounded: a plugin's error message must not flood the start-up report.
const shortDetail = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/**
 * Loads the plugins the configuration names (`settings.plugins`: package names, or
 * paths relative to `cwd`) into this process, and checks each: that it loads, that it
 * exports at least one service definition, and that no service it brings has the name
 * of one of the station's own services (`reserved`) or of another plugin's. Every
 * problem of every plugin is returned at once, in zh-CN and en; the station does not
 * start with any.
 *
 * @example
 * const { plugins, problems } = await loadPlugins(["./heat-wave.ts"], process.cwd(), ["registry"]);
 */
export const loadPlugins = async (
  specifiers: ReadonlyArray<string>,
  cwd: string,
  reserved: ReadonlyArray<string>,
): Promise<{
  readonly plugins: ReadonlyArray<LoadedPlugin>;
  readonly problems: ReadonlyArray<ConfigProblem>;
}> => {
  const plugins: LoadedPlugin[] = [];
  const problems: ConfigProblem[] = [];
  const taken = new Map<string, string>();
  for (const name of reserved) taken.set(name, "");
  for (const [index, specifier] of specifiers.entries()) {
    const field = `settings.plugins.${index}`;
    const target = isPath(specifier) ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
    let module: Record<string, unknown>;
    try {
      module = (await import(target)) as Record<string, unknown>;
    } catch (error) {
      problems.push(
        isMissing(error)
          ? {
              field,
              code: "plugin.missing",
              message: localized(
                `找不到插件“${specifier}”：请检查包名或路径（路径相对于 ${cwd}），并确认已安装`,
                `The plugin "${specifier}" cannot be found: check the package name or the path (relative to ${cwd}) and that it is installed`,
              ),
            }
          : {
              field,
              code: "plugin.failed",
              message: localized(
                `插件“${specifier}”加载时出错：${shortDetail(error)}`,
                `The plugin "${specifier}" failed while loading: ${shortDetail(error)}`,
              ),
            },
      );
      continue;
    }
    const services = serviceDefinitionsIn(module);
    if (services.length === 0) {
      problems.push({
        field,
        code: "plugin.not_a_service",
        message: localized(
          `插件“${specifier}”没有导出服务定义：请用 @courier-station/kit 的 defineService 定义并导出`,
          `The plugin "${specifier}" exports no service definition: define one with defineService of @courier-station/kit and export it`,
        ),
      });
      continue;
    }
    let clashed = false;
    for (const service of services) {
      const holder = taken.get(service.name);
      if (holder === undefined) continue;
      clashed = true;
      problems.push({
        field,
        code: "plugin.name_clash",
        message:
          holder === ""
            ? localized(
                `插件“${specifier}”的服务名“${service.name}”与本站自带的服务重名：请换一个名字`,
                `The plugin "${specifier}" has a service named "${service.name}", which is the name of one of the station's own services: choose another name`,
              )
            : localized(
                `插件“${specifier}”的服务名“${service.name}”与插件“${holder}”重名`,
                `The plugin "${specifier}" has a service named "${service.name}", as the plugin "${holder}" does`,
              ),
      });
    }
    if (clashed) continue;
    for (const service of services) taken.set(service.name, specifier);
    plugins.push({ specifier, services });
  }
  return { plugins, problems };
};
