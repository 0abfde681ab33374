import { Button, type ButtonRef } from "antd-mobile";
import { useEffect, useId, useRef, useState } from "react";
import { useLanguage } from "../i18n/language";

/** A check-in code as the activities service takes it: 4 to 12 letters or digits. */
const codePattern = /^[A-Za-z0-9]{4,12}$/;

/** What a scanned QR code means for the activity being checked into. */
export type ScannedCheckIn =
  | { readonly kind: "code"; readonly code: string }
  | { readonly kind: "other-activity" }
  | { readonly kind: "not-ours" };

/** The path of the check-in address the staff console's QR code holds. */
export const checkInPath = "/check-in";

/**
 * The activity and code of a check-in address's query (`?activity=…&code=…`), or
 * undefined when either is missing or the code is not one.
 *
 * @example
 * checkInLinkOf(new URLSearchParams("activity=river-day&code=4821"));
 * // { activityId: "river-day", code: "4821" }
 */
export const checkInLinkOf = (
  query: URLSearchParams,
): { readonly activityId: string; readonly code: string } | undefined => {
  const code = query.get("code") ?? "";
  const activityId = query.get("activity") ?? "";
  return activityId === "" || !codePattern.test(code)
    ? undefined
    : { activityId, code: code.toUpperCase() };
};

/**
 * Reads a scanned QR code: the staff console shows the station's check-in address
 * (`<origin>/check-in?activity=…&code=…`, on this site), or a poster may hold the bare code.
 * Anything else is not one of the station's codes; a code for another activity is told apart.
 */
export const readCheckInQr = (text: string, activityId: string, origin: string): ScannedCheckIn => {
  const trimmed = text.trim();
  if (codePattern.test(trimmed)) return { kind: "code", code: trimmed.toUpperCase() };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: "not-ours" };
  }
  const link = checkInLinkOf(url.searchParams);
  if (url.origin !== origin || url.pathname !== checkInPath || link === undefined) {
    return { kind: "not-ours" };
  }
  if (link.activityId !== activityId) return { kind: "other-activity" };
  return { kind: "code", code: link.code };
};

/** The sheet covers the whole screen, above the tab bar, the video filling what the text leaves. */
const sheetStyle = {
  position: "fixed",
  inset: 0,
  zIndex: 1100,
  display: "flex",
  flexDirection: "column",
  gap: 12,
  padding: "16px 16px calc(16px + env(safe-area-inset-bottom))",
  background: "#111",
  color: "#fff",
} as const;
const viewStyle = {
  position: "relative",
  flex: 1,
  minHeight: 0,
  overflow: "hidden",
  borderRadius: 12,
  background: "#000",
} as const;
const videoStyle = { width: "100%", height: "100%", objectFit: "cover" } as const;
/** The viewfinder: a square in the middle, the rest dimmed. */
const finderStyle = {
  position: "absolute",
  top: "50%",
  left: "50%",
  width: "70%",
  aspectRatio: "1",
  transform: "translate(-50%, -50%)",
  border: "3px solid #fff",
  borderRadius: 16,
  boxShadow: "0 0 0 100vmax rgba(0, 0, 0, 0.45)",
} as const;

/** Why the camera cannot be used, in both languages' keys. */
type CameraProblem = "insecure" | "absent" | "refused" | "failed";

/** Stops every track of a camera stream, so the phone's camera light goes off. */
const stopStream = (stream: MediaStream | undefined): void => {
  for (const track of stream?.getTracks() ?? []) track.stop();
};

/** The camera's problem from what `getUserMedia` threw. */
const problemOf = (error: unknown): CameraProblem => {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "refused";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "absent";
  return "failed";
};

/**
 * The full-screen camera sheet: opens the rear camera, decodes QR codes from the video
 * (in qr-scanner's worker, no network) and hands the first that is this activity's code to
 * `onCode`, then closes. Every camera track is stopped when it closes, on cancel, on success,
 * and when the page is left (unmount).
 */
const ScanSheet = (props: {
  readonly activityId: string;
  readonly title: string;
  readonly onCode: (code: string) => void;
  readonly onProblem: (problem: CameraProblem) => void;
  readonly onClose: () => void;
}) => {
  const { tx } = useLanguage();
  const headingId = useId();
  const video = useRef<HTMLVideoElement>(null);
  const cancel = useRef<ButtonRef>(null);
  const [rejected, setRejected] = useState<ScannedCheckIn["kind"] | undefined>(undefined);
  const { activityId, onCode, onProblem: setProblem, onClose } = props;

  useEffect(() => {
    cancel.current?.nativeElement?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let engine: Worker | undefined;
    const run = async () => {
      if (!window.isSecureContext) return setProblem("insecure");
      if (navigator.mediaDevices?.getUserMedia === undefined) return setProblem("absent");
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: "environment" } },
          audio: false,
        });
      } catch (error) {
        if (!stopped) setProblem(problemOf(error));
        return;
      }
      if (stopped || video.current === null) return stopStream(stream);
      const element = video.current;
      element.srcObject = stream;
      await element.play().catch(() => undefined);
      const { default: QrScanner } = await import("qr-scanner");
      let qrEngine: Awaited<ReturnType<typeof QrScanner.createQrEngine>>;
      try {
        qrEngine = await QrScanner.createQrEngine();
      } catch {
        if (!stopped) setProblem("failed");
        return;
      }
      if (qrEngine instanceof Worker) {
        engine = qrEngine;
        // A decoder that cannot load (a page policy refusing its worker) never answers:
        // say the camera cannot be used, rather than scan forever.
        qrEngine.addEventListener("error", () => {
          if (stopped) return;
          stopped = true;
          stopStream(stream);
          setProblem("failed");
        });
      }
      if (stopped) return;
      const canvas = document.createElement("canvas");
      const scan = async () => {
        if (stopped) return;
        try {
          const result = await QrScanner.scanImage(element, {
            qrEngine,
            canvas,
            returnDetailedScanResult: true,
          });
          const read = readCheckInQr(result.data, activityId, window.location.origin);
          if (read.kind === "code") {
            stopped = true;
            stopStream(stream);
            onCode(read.code);
            return;
          }
          if (!stopped) setRejected(read.kind);
        } catch {
          // No QR code in this frame: try the next one.
        }
        if (!stopped) timer = setTimeout(scan, 150);
      };
      await scan();
    };
    void run();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      engine?.terminate();
      stopStream(stream);
      if (video.current !== null) video.current.srcObject = null;
    };
  }, [activityId, onCode, setProblem]);

  return (
    <div
      className="courier-scan-sheet"
      style={sheetStyle}
      role="dialog"
      aria-modal="true"
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="courier-scan-title" style={{ margin: 0, fontSize: 18 }}>
        {tx(`扫码签到：${props.title}`, `Scan to check in: ${props.title}`)}
      </h2>
      <div className="courier-scan-view" style={viewStyle}>
        <video
          ref={video}
          className="courier-scan-video"
          style={videoStyle}
          muted
          playsInline
          aria-label={tx("相机画面", "Camera view")}
        />
        <div className="courier-scan-finder" style={finderStyle} aria-hidden="true" />
      </div>
      <p className="courier-scan-hint" style={{ margin: 0, fontSize: 16 }} aria-live="polite">
        {rejected === "not-ours"
          ? tx(
              "这不是本服务站的签到二维码。请对准工作人员展示的签到码。",
              "That is not one of the station's check-in QR codes. Point at the code staff show.",
            )
          : rejected === "other-activity"
            ? tx(
                "这是另一个活动的签到码。请扫描本活动的二维码。",
                "That code is for another activity. Scan this activity's QR code.",
              )
            : tx("把二维码放进框内", "Hold the QR code inside the frame")}
      </p>
      <Button ref={cancel} block onClick={onClose}>
        {tx("取消", "Cancel")}
      </Button>
    </div>
  );
};

/**
 * "扫码签到 / Scan to check in": a button that opens the camera sheet; the code read is
 * handed to `onCode` (which fills the typed field and sends the same check-in command).
 * Focus moves into the sheet and back to the button when it closes.
 */
export const ScanCheckIn = (props: {
  readonly activityId: string;
  readonly title: string;
  readonly disabled: boolean;
  readonly onCode: (code: string) => void;
}) => {
  const { tx } = useLanguage();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<CameraProblem | undefined>(undefined);
  const button = useRef<ButtonRef>(null);
  const wasOpen = useRef(false);
  const latest = useRef(props.onCode);
  latest.current = props.onCode;
  useEffect(() => {
    if (wasOpen.current && !open) button.current?.nativeElement?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = useRef(() => setOpen(false)).current;
  const found = useRef((code: string) => {
    setOpen(false);
    latest.current(code);
  }).current;
  const failed = useRef((reason: CameraProblem) => {
    setOpen(false);
    setProblem(reason);
  }).current;
  const problemText: Record<CameraProblem, string> = {
    insecure: tx(
      "此页面不是安全连接（https），浏览器不允许使用相机。请输入签到码。",
      "This page is not on a secure (https) connection, so the browser does not allow the camera. Please type the code.",
    ),
    absent: tx(
      "这台设备没有可用的相机。请输入签到码。",
      "No camera is available on this device. Please type the code.",
    ),
    refused: tx(
      "相机权限被拒绝。可以在浏览器设置里允许使用相机，或者直接输入签到码。",
      "Camera access was refused. Allow the camera in the browser's settings, or type the code.",
    ),
    failed: tx(
      "扫码无法启动。请输入签到码。",
      "Scanning could not be started. Please type the code.",
    ),
  };

  return (
    <>
      <Button
        ref={button}
        aria-label={tx(`扫码签到：${props.title}`, `Scan to check in: ${props.title}`)}
        disabled={props.disabled}
        onClick={() => {
          setProblem(undefined);
          if (!window.isSecureContext) setProblem("insecure");
          else if (navigator.mediaDevices?.getUserMedia === undefined) setProblem("absent");
          else setOpen(true);
        }}
      >
        {tx("扫码签到", "Scan to check in")}
      </Button>
      {problem === undefined ? null : (
        <p
          role="alert"
          className="courier-refusal"
          data-testid="camera-problem"
          style={{
            margin: 0,
            padding: "8px 12px",
            borderRadius: 8,
            background: "#fff1f0",
            color: "#a8071a",
            border: "1px solid #ffa39e",
          }}
        >
          {problemText[problem]}
        </p>
      )}
      {open ? (
        <ScanSheet
          activityId={props.activityId}
          title={props.title}
          onCode={found}
          onProblem={failed}
          onClose={close}
        />
      ) : null}
    </>
  );
};
