import { Button, Form, Input, NoticeBar } from "antd-mobile";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ProblemError } from "../api/client";
import { LanguageSwitch } from "../app/language-switch";
import { useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";
import { communityOfPage, communityPattern, rememberCommunity } from "./community";

const failureText = (error: unknown, tx: (zh: string, en: string) => string): string =>
  error instanceof ProblemError
    ? error.message
    : tx("网络不好，没有发出去，请再试一次。", "The network failed; nothing was sent. Try again.");

/**
 * The courier's sign-in: the mobile number, a six-digit code sent by SMS, and the
 * community (from the station's link, or typed once and remembered).
 */
export const CodeSignInPage = () => {
  const { requestCode, signInWithCode } = useSession();
  const { tx } = useLanguage();
  const [community, setCommunity] = useState(communityOfPage() ?? "");
  const [mobileNumber, setMobileNumber] = useState("");
  const [code, setCode] = useState("");
  const [codeSent, setCodeSent] = useState(false);
  const [waitSeconds, setWaitSeconds] = useState(0);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    if (waitSeconds <= 0) return;
    const timer = setTimeout(() => setWaitSeconds(waitSeconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [waitSeconds]);
  const communityValid = communityPattern.test(community);
  const numberValid = /^\+?[0-9]{6,15}$/.test(mobileNumber.replaceAll(" ", ""));

  const askForCode = async () => {
    setFailure(undefined);
    setSending(true);
    try {
      await requestCode(community, mobileNumber.replaceAll(" ", ""));
      setCodeSent(true);
      setWaitSeconds(60);
    } catch (error) {
      setFailure(failureText(error, tx));
    } finally {
      setSending(false);
    }
  };
  const signIn = async () => {
    setFailure(undefined);
    setSending(true);
    try {
      await signInWithCode(community, mobileNumber.replaceAll(" ", ""), code);
      rememberCommunity(community);
    } catch (error) {
      setFailure(failureText(error, tx));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="courier-section" aria-labelledby="sign-in-title">
      <div className="courier-heading">
        <h1 id="sign-in-title">{tx("小哥e站 · 登录", "Courier Station · Sign in")}</h1>
        <LanguageSwitch />
      </div>
      <p className="courier-lead">
        {tx(
          "用手机号登录，我们会发一条短信验证码。",
          "Sign in with your mobile number; we send a code by SMS.",
        )}
      </p>
      <Form layout="vertical">
        {communityOfPage() === undefined ? (
          <Form.Item
            label={tx("社区编号（见服务站海报）", "Community id (on the station's poster)")}
          >
            <Input
              aria-label={tx("社区编号", "Community id")}
              value={community}
              onChange={setCommunity}
              placeholder="jinshan-wanda"
              autoComplete="off"
            />
          </Form.Item>
        ) : null}
        <Form.Item label={tx("手机号", "Mobile number")}>
          <Input
            aria-label={tx("手机号", "Mobile number")}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={mobileNumber}
            onChange={setMobileNumber}
            placeholder="13800000000"
          />
        </Form.Item>
        <Button
          block
          size="large"
          color={codeSent ? "default" : "primary"}
          disabled={!communityValid || !numberValid || waitSeconds > 0 || sending}
          onClick={() => void askForCode()}
        >
          {waitSeconds > 0
            ? tx(
                `验证码已发送（${waitSeconds} 秒后可重发）`,
                `Code sent (again in ${waitSeconds}s)`,
              )
            : tx("获取验证码", "Send me a code")}
        </Button>
        {codeSent ? (
          <>
            <Form.Item label={tx("短信验证码", "Code from the SMS")}>
              <Input
                aria-label={tx("短信验证码", "Code from the SMS")}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(value) => setCode(value.replace(/\D/g, ""))}
              />
            </Form.Item>
            <Button
              block
              size="large"
              color="primary"
              disabled={code.length !== 6 || sending}
              loading={sending}
              onClick={() => void signIn()}
            >
              {tx("登录", "Sign in")}
            </Button>
          </>
        ) : null}
      </Form>
      {failure === undefined ? null : (
        <div role="alert">
          <NoticeBar color="error" content={failure} wrap />
        </div>
      )}
      {communityValid ? (
        <p className="public-sign-in">
          <Link to={`/stations/${encodeURIComponent(community)}`}>
            {tx("找服务站：地址、开放时间和设施", "Find a station: address, hours and amenities")}
          </Link>
        </p>
      ) : null}
    </section>
  );
};
