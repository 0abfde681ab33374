import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, type ThemeConfig } from "antd";
import { useCallback } from "react";
import { useGateway } from "./gateway";

/** A problem document (RFC 9457) as the gateway answers every refusal. */
export interface Problem {
  readonly title?: string;
  readonly detail?: string;
  readonly code?: string;
  readonly status?: number;
}

/** What an openapi-fetch call answers: the data or the problem, and the response. */
export interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === "object" && value !== null && ("detail" in value || "title" in value);

/**
 * The words a person reads for a refusal: the domain's own message (the problem's
 * `detail`, already in the page's language), else its title, else the HTTP status.
 */
export const problemMessage = (error: unknown, status?: number): string => {
  if (isProblem(error)) return error.detail ?? error.title ?? `HTTP ${error.status ?? status}`;
  if (error instanceof Error) return error.message;
  return `HTTP ${status ?? "?"}`;
};

/** An error carrying a refusal's words, thrown so react-query records the failure. */
export class RefusalError extends Error {
  readonly problem: Problem | undefined;
  constructor(error: unknown, status?: number) {
    super(problemMessage(error, status));
    this.name = "RefusalError";
    this.problem = isProblem(error) ? error : undefined;
  }
}

/**
 * The data of an answer, or a thrown {@link RefusalError} with the gateway's problem:
 * queries and commands fail with the domain's words.
 */
export const dataOf = async <T,>(answer: Promise<Answer<T>>): Promise<T> => {
  const { data, error, response } = await answer;
  if (error !== undefined || !response.ok) throw new RefusalError(error, response.status);
  return data as T;
};

/** When the views are read again after a command: they follow its events shortly after. */
// Backing off to half a minute: a busy station's flows (a report routed after its
// acceptance) can take seconds to reach the views.
const viewCatchUpMillis = [400, 1500, 4000, 10_000, 20_000, 30_000] as const;

/** A fresh command id for one intent, sent as `Idempotency-Key` so a retry is the same command. */
export const newCommandId = (): string => crypto.randomUUID();

/**
 * A console action: runs a command (or several in turn, for a bulk action), each with its own
 * `Idempotency-Key`, then refreshes the
 * views whose query keys start with `refresh`, and shows "done" or the refusal's words
 * (the domain's message in the page's language) as a toast.
 *
 * @example
 * const verify = useConsoleAction(["verification-queue"]);
 * verify.mutate((key) => client.POST(path, { params: { header: { "Idempotency-Key": key } }, body: {} }));
 */
export const useConsoleAction = (refresh: ReadonlyArray<string>) => {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { tx } = useGateway();
  return useMutation({
    mutationFn: async (
      send:
        | ((idempotencyKey: string) => Promise<Answer<unknown>>)
        | ReadonlyArray<(idempotencyKey: string) => Promise<Answer<unknown>>>,
    ) => {
      for (const each of typeof send === "function" ? [send] : send) {
        await dataOf(each(newCommandId()));
      }
    },
    onSuccess: async () => {
      message.success(tx("已完成", "Done"));
      const invalidate = () =>
        Promise.all(refresh.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      // The views follow the command's events a moment later (through the outbox), so
      // they are read again now and a few times shortly after.
      for (const delay of viewCatchUpMillis) setTimeout(() => void invalidate(), delay);
      await invalidate();
    },
    onError: (error) => {
      message.error(error.message);
    },
  });
};

/** A date-time as the page's language writes it, in the community's time zone. */
export const useDateFormat = () => {
  const { language } = useGateway();
  return useCallback(
    (iso: string | undefined): string =>
      iso === undefined
        ? "—"
        : new Intl.DateTimeFormat(language, {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: "Asia/Shanghai",
          }).format(new Date(iso)),
    [language],
  );
};

/** An amount in fen as yuan in the page's language (`¥12.50`). */
export const useMoneyFormat = () => {
  const { language } = useGateway();
  return useCallback(
    (fen: number): string =>
      new Intl.NumberFormat(language, { style: "currency", currency: "CNY" }).format(fen / 100),
    [language],
  );
};

/**
 * The console's colours darkened where antd's defaults fall below WCAG AA on its grey
 * background: the primary (selected menu items, links), secondary text and placeholders.
 */
export const readableTheme: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorTextDescription: "rgba(0, 0, 0, 0.66)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDisabled: "rgba(0, 0, 0, 0.58)",
  },
};
