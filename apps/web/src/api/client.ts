import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

/** The gateway's answer to a refusal (RFC 9457), its `title` and `detail` in the asked language. */
export interface ProblemDocument {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: ReadonlyArray<{
    readonly field?: string;
    readonly code?: string;
    readonly detail?: string;
  }>;
}

const isProblemDocument = (value: unknown): value is ProblemDocument =>
  typeof value === "object" &&
  value !== null &&
  ("title" in value || "detail" in value || "code" in value);

/**
 * A refusal or failure of a request, carrying the gateway's problem document: `message`
 * is the domain's own words (the `detail`, else the `title`) in the page's language.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;
  constructor(status: number, problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ProblemError";
    this.status = status;
    this.problem = problem;
  }
  /** The problem's stable code (e.g. `activities.check_in_code_wrong`), when it has one. */
  get code(): string | undefined {
    return this.problem.code;
  }
  /** The problem's title, the short name of the refusal. */
  get title(): string | undefined {
    return this.problem.title;
  }
  /** The problem's detail, what happened and what to do in the domain's words. */
  get detail(): string | undefined {
    return this.problem.detail;
  }
}

/** What an openapi-fetch call answers. */
export interface FetchAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The data of an answer, or a thrown {@link ProblemError} with the gateway's problem, so
 * react-query records the failure with the domain's words.
 *
 * @example
 * const me = await unwrap(client.GET("/v1/communities/{community}/couriers/{courierId}", { params }));
 */
export const unwrap = async <T>(answer: Promise<FetchAnswer<T>>): Promise<T> => {
  const { data, error, response } = await answer;
  if (!response.ok || error !== undefined) {
    throw new ProblemError(
      response.status,
      isProblemDocument(error) ? error : { status: response.status },
    );
  }
  return data as T;
};

/** The tokens of a sign-in, as the gateway answers them. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly subject: string;
  readonly roles: ReadonlyArray<string>;
  readonly communities: ReadonlyArray<string>;
}

/** What the client asks of the session around it. */
export interface ClientSession {
  /** The access token to send, if signed in. */
  readonly accessToken: () => string | undefined;
  /** The page's language, sent as `Accept-Language` so problems come in it. */
  readonly language: () => string;
  /**
   * Exchanges the refresh token for new tokens after a 401; answers whether it did (a
   * used or revoked refresh token signs the person out).
   */
  readonly refresh: () => Promise<boolean>;
}

/**
 * The gateway's typed client (openapi-fetch on the generated `paths`): every request
 * carries the bearer token and `Accept-Language`; a 401 on a signed-in request refreshes
 * the tokens once and sends the request again.
 *
 * @example
 * const client = gatewayClient({ accessToken: () => token, language: () => "zh-CN", refresh });
 * const { data } = await client.GET("/v1/communities/{community}/couriers/{courierId}", { params });
 */
export const gatewayClient = (session: ClientSession, baseUrl = ""): Client<paths> => {
  const send = (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    const token = session.accessToken();
    if (token !== undefined && !headers.has("Authorization")) {
      headers.set("Authorization", `Bearer ${token}`);
    }
    headers.set("Accept-Language", session.language());
    return fetch(new Request(request, { headers }));
  };
  return createClient<paths>({
    baseUrl: baseUrl === "" ? (globalThis.location?.origin ?? "") : baseUrl,
    fetch: async (request: Request) => {
      const signedIn = session.accessToken() !== undefined;
      const again = signedIn ? request.clone() : undefined;
      const response = await send(request);
      if (response.status !== 401 || again === undefined) return response;
      if (!(await session.refresh())) return response;
      return send(again);
    },
  });
};
