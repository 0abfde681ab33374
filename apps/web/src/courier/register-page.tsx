import { Button, Checkbox, Form, Input, NoticeBar, Radio, Selector, Space } from "antd-mobile";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction, usePolicy } from "./courier-kit";
import { platformNames } from "./labels";

type Platform = keyof typeof platformNames;

/**
 * 小哥报到: the courier registers with their platforms, work area and consent to the
 * community's personal-data policy; the station then verifies them.
 */
export const RegisterPage = () => {
  const { tx } = useLanguage();
  const { client, community, courierId } = useCourier();
  const policy = usePolicy();
  const navigate = useNavigate();
  const register = useCourierAction(["courier"]);
  const [nickname, setNickname] = useState("");
  const [realName, setRealName] = useState("");
  const [mobileNumber, setMobileNumber] = useState("");
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const [employment, setEmployment] = useState<"full-time" | "crowd-sourced">("full-time");
  const [workArea, setWorkArea] = useState("");
  const [consent, setConsent] = useState(false);
  const consentVersion = policy.data?.policy?.general?.consentPolicyVersion;
  const ready =
    nickname.trim() !== "" &&
    realName.trim() !== "" &&
    /^\+?[0-9]{6,15}$/.test(mobileNumber) &&
    platforms.length > 0 &&
    workArea.trim() !== "" &&
    consent;

  return (
    <section className="courier-section" aria-labelledby="register-title">
      <h1 id="register-title" className="courier-title">
        {tx("小哥报到", "Register")}
      </h1>
      <p className="courier-lead">
        {tx(
          "填好后服务站会核验，核验通过就能报名活动、赚积分。",
          "The station verifies what you give here; then you can join activities and earn points.",
        )}
      </p>
      <Form layout="vertical">
        <Form.Item label={tx("昵称（圆梦人只看到昵称）", "Nickname (all sponsors ever see)")}>
          <Input aria-label={tx("昵称", "Nickname")} value={nickname} onChange={setNickname} />
        </Form.Item>
        <Form.Item label={tx("真实姓名", "Real name")}>
          <Input aria-label={tx("真实姓名", "Real name")} value={realName} onChange={setRealName} />
        </Form.Item>
        <Form.Item label={tx("手机号", "Mobile number")}>
          <Input
            aria-label={tx("手机号", "Mobile number")}
            type="tel"
            inputMode="tel"
            value={mobileNumber}
            onChange={(value) => setMobileNumber(value.replaceAll(" ", ""))}
          />
        </Form.Item>
        <Form.Item label={tx("配送平台（可多选）", "Platforms (any number)")}>
          <Selector
            multiple
            columns={3}
            value={platforms}
            onChange={(value) => setPlatforms(value as Platform[])}
            options={Object.entries(platformNames).map(([value, names]) => ({
              value,
              label: tx(names[0], names[1]),
            }))}
          />
        </Form.Item>
        <Form.Item label={tx("用工方式", "Employment")}>
          <Radio.Group
            value={employment}
            onChange={(value) => setEmployment(value as "full-time" | "crowd-sourced")}
          >
            <Space direction="vertical">
              <Radio value="full-time">{tx("专送", "Full-time")}</Radio>
              <Radio value="crowd-sourced">{tx("众包", "Crowd-sourced")}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={tx("常跑的片区", "Where you usually deliver")}>
          <Input
            aria-label={tx("常跑的片区", "Where you usually deliver")}
            value={workArea}
            onChange={setWorkArea}
            placeholder={tx("如：万达广场周边", "e.g. around Wanda Plaza")}
          />
        </Form.Item>
        <Checkbox checked={consent} onChange={setConsent}>
          {tx(
            `我同意本站按个人信息政策（${consentVersion ?? "…"}）保存和使用我的信息，可随时撤回或申请删除。`,
            `I agree that the station keeps and uses my details under its personal-data policy (${consentVersion ?? "…"}); I can withdraw or ask for erasure at any time.`,
          )}
        </Checkbox>
      </Form>
      {register.error === null ? null : (
        <div role="alert">
          <NoticeBar color="error" content={register.error.message} wrap />
        </div>
      )}
      <Button
        block
        size="large"
        color="primary"
        style={{ marginTop: 16 }}
        disabled={!ready || register.isPending}
        loading={register.isPending}
        onClick={() =>
          register.mutate(
            (key) =>
              client.POST("/v1/communities/{community}/couriers", {
                params: { path: { community }, header: { "Idempotency-Key": key } },
                body: {
                  courierId,
                  nickname: nickname.trim(),
                  realName: realName.trim(),
                  mobileNumber,
                  platforms,
                  employment,
                  workArea: { description: workArea.trim() },
                  ...(consentVersion === undefined ? {} : { consentPolicyVersion: consentVersion }),
                },
              }),
            { onSuccess: () => void navigate("/") },
          )
        }
      >
        {tx("提交报到", "Register")}
      </Button>
    </section>
  );
};
