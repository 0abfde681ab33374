import type { NoticeAbout, NoticeKind } from "@courier-station/contracts";
import { DomainError, type Language, localized } from "@courier-station/core";
import { Log, type Logger, makeLogger } from "@courier-station/kit";
import { Context, Effect, Layer, Option } from "effect";
import type { NoticeRecipient } from "./notices.js";

/**
 * A notice as an outside channel (SMS, a WeChat subscription message, e-mail) sends it:
 * already in the recipient's language. The recipient is a role and an actor id (or the
 * staff desk): the channel looks up the person's number or open id itself, since the
 * notifications service keeps none. `noticeId` is the same whenever the same notice is
 * sent again, so a channel that can drop duplicates should key them by it.
 */
export interface OutsideNotice {
  readonly community: string;
  readonly noticeId: string;
  readonly recipient: NoticeRecipient;
  readonly kind: NoticeKind;
  readonly about: NoticeAbout;
  readonly language: Language;
  readonly title: string;
  readonly body: string;
}

/** An outside channel could not take a notice (it is down, it refused the recipient). */
export class NotifierFailed extends DomainError("NotifierFailed", {
  code: "notifications.notifier_failed",
  httpStatus: 503,
  text: (props: { readonly channel: string; readonly reason: string }) =>
    localized(
      `外部通知渠道“${props.channel}”未能发送：${props.reason}`,
      `The outside channel "${props.channel}" could not send the notice: ${props.reason}`,
    ),
}) {}

/** An outside channel of notices: a district's SMS gateway, WeChat subscription messages. */
export interface NotifierApi {
  /** The channel's name, for logs. */
  readonly channel: string;
  /** Sends one notice; fails with {@link NotifierFailed} when the channel cannot take it. */
  readonly send: (notice: OutsideNotice) => Effect.Effect<void, NotifierFailed>;
  /**
   * How long a send may take before it counts as failed; default
   * {@link defaultNotifierTimeoutMs}. Kept well inside a delivery's acknowledgement wait, so
   * a slow channel never makes the event come again while its notice is being sent.
   */
  readonly timeoutMs?: number;
}

/** How long a send may take by default before it counts as failed: 10 seconds. */
export const defaultNotifierTimeoutMs = 10_000;

/**
 * Where notices go besides the in-app inbox. A district plugs in its own channel as a
 * layer (`Notifier.layer(...)`); the embedded default, {@link Notifier.logging}, only writes
 * a log line. Every notice is kept in the inbox first, so a channel that fails loses
 * nothing there.
 *
 * @example
 * const sms = Notifier.layer({
 *   channel: "sms",
 *   send: (notice) => Effect.tryPromise({
 *     try: () => gateway.send(lookUpNumber(notice.recipient), notice.title, notice.noticeId),
 *     catch: (cause) => new NotifierFailed({ channel: "sms", reason: String(cause) }),
 *   }),
 * });
 */
export class Notifier extends Context.Tag("@courier-station/service-notifications/Notifier")<
  Notifier,
  NotifierApi
>() {
  /** A layer of a district's own channel. */
  static layer(api: NotifierApi): Layer.Layer<Notifier> {
    return Layer.succeed(Notifier, api);
  }

  /**
   * The embedded default: each notice a log line (its id, kind, recipient, language and
   * title; never its body), on the service's logger when there is one.
   */
  static readonly logging: Layer.Layer<Notifier> = Layer.effect(
    Notifier,
    Effect.map(Effect.serviceOption(Log), (found) => loggingNotifier(Option.getOrUndefined(found))),
  );
}

/**
 * A notifier that only writes a log line per notice: what a station without an outside
 * channel runs.
 *
 * @example
 * Notifier.layer(loggingNotifier(log));
 */
export const loggingNotifier = (log?: Logger): NotifierApi => {
  const logger = log ?? makeLogger({ context: { service: "notifications" } });
  return {
    channel: "log",
    send: (notice) =>
      Effect.sync(() =>
        logger.info(
          {
            noticeId: notice.noticeId,
            kind: notice.kind,
            recipient: notice.recipient,
            language: notice.language,
            title: notice.title,
          },
          "notice sent",
        ),
      ),
  };
};
