import { useQuery } from "@tanstack/react-query";
import { Button, Card, Input, List, NoticeBar, Selector, Tag, TextArea } from "antd-mobile";
import { useState } from "react";
import { unwrap } from "../api/client";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction, usePolicy } from "./courier-kit";
import { statusName } from "./labels";
import { type ChosenPhoto, PhotoField } from "./photo-field";

interface Point {
  readonly latitude: number;
  readonly longitude: number;
}

/**
 * 民情前哨, after FixMyStreet's flow: where (the phone's position, or typed), the category
 * (big tiles), a few words and a photo, then the similar reports nearby before sending,
 * then sent. Below, the courier's own reports, each resolved one asking "is it fixed?".
 */
export const ReportPage = () => {
  const { tx, language, formatDateTime } = useLanguage();
  const { client, community } = useCourier();
  const policy = usePolicy();
  const [point, setPoint] = useState<Point | undefined>();
  const [locating, setLocating] = useState(false);
  const [locateFailed, setLocateFailed] = useState(false);
  const [address, setAddress] = useState("");
  const [category, setCategory] = useState<string | undefined>();
  const [description, setDescription] = useState("");
  const [photo, setPhoto] = useState<ChosenPhoto | undefined>();
  const [checked, setChecked] = useState(false);
  const submit = useCourierAction(["reports"]);
  const confirm = useCourierAction(["reports"]);
  const categories = policy.data?.policy?.reports?.categories ?? [];
  const hints = useQuery({
    queryKey: ["reports", "hints", category, point?.latitude, point?.longitude],
    enabled: checked && category !== undefined && point !== undefined,
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/report-duplicate-hints", {
          params: {
            path: { community },
            query: {
              category: category ?? "",
              "point.latitude": point?.latitude ?? 0,
              "point.longitude": point?.longitude ?? 0,
            } as never,
          },
        }),
      ),
  });
  const own = useQuery({
    queryKey: ["reports", community, "own"],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/own-reports", {
          params: { path: { community }, query: { limit: 20 } },
        }),
      ),
  });
  const locate = () => {
    if (!("geolocation" in navigator)) {
      setLocateFailed(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setPoint({ latitude: position.coords.latitude, longitude: position.coords.longitude });
        setLocating(false);
      },
      () => {
        setLocateFailed(true);
        setLocating(false);
      },
      { timeout: 10_000, maximumAge: 60_000 },
    );
  };
  const send = async (key: string) => {
    let photos: string[] = [];
    if (photo !== undefined) {
      const form = new FormData();
      form.append("photo", photo.file);
      const uploaded = await unwrap(
        client.POST("/v1/communities/{community}/photos", {
          params: { path: { community } },
          body: form as never,
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
      photos = [(uploaded as { readonly photo: string }).photo];
    }
    return client.POST("/v1/communities/{community}/reports", {
      params: { path: { community }, header: { "Idempotency-Key": key } },
      body: {
        reportId: `r-${key}`,
        category: category ?? "",
        description: description.trim(),
        location: {
          address: address.trim() === "" ? tx("当前位置", "Current position") : address.trim(),
          ...(point === undefined ? {} : { point }),
        },
        photos,
        observedAt: new Date().toISOString(),
      },
    });
  };
  const reset = () => {
    setCategory(undefined);
    setDescription("");
    if (photo !== undefined) URL.revokeObjectURL(photo.url);
    setPhoto(undefined);
    setChecked(false);
  };
  const ready = category !== undefined && (point !== undefined || address.trim() !== "");
  return (
    <>
      <section className="courier-section" aria-labelledby="report-title">
        <h1 id="report-title" className="courier-title">
          {tx("民情前哨 · 报告问题", "Report a problem")}
        </h1>
        <h2>{tx("1. 在哪里", "1. Where")}</h2>
        <Button block onClick={locate} loading={locating}>
          {point === undefined
            ? tx("用手机定位", "Use my phone's position")
            : tx(
                `已定位（${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)}）`,
                `Located (${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)})`,
              )}
        </Button>
        {locateFailed ? (
          <NoticeBar
            color="alert"
            wrap
            content={tx("没能定位，请写下地点。", "Could not locate you; type the place instead.")}
          />
        ) : null}
        <Input
          aria-label={tx("地点（路名、门牌或附近地标）", "Place (street, number or landmark)")}
          placeholder={tx("地点（路名、门牌或附近地标）", "Place (street, number or landmark)")}
          value={address}
          onChange={setAddress}
        />
        <h2>{tx("2. 什么问题", "2. What")}</h2>
        <Selector
          columns={2}
          value={category === undefined ? [] : [category]}
          onChange={(value) => setCategory(value[0])}
          options={categories.map((item) => ({
            value: item.id,
            label: language === "zh-CN" ? item.name["zh-CN"] : item.name.en,
          }))}
        />
        <h2>{tx("3. 说几句、拍张照", "3. A few words and a photo")}</h2>
        <TextArea
          aria-label={tx("描述", "Description")}
          placeholder={tx("看到了什么？", "What did you see?")}
          value={description}
          onChange={setDescription}
          rows={3}
        />
        <PhotoField
          label={tx("照片（可选）", "Photo (optional)")}
          photo={photo}
          onChange={setPhoto}
        />
        {checked ? null : (
          <Button
            block
            size="large"
            color="primary"
            style={{ marginTop: 12 }}
            disabled={!ready}
            onClick={() => setChecked(true)}
          >
            {tx("下一步", "Next")}
          </Button>
        )}
      </section>
      {checked ? (
        <section className="courier-section" aria-labelledby="hints-title">
          <h2 id="hints-title">{tx("4. 是同一个问题吗？", "4. Is it the same problem?")}</h2>
          {hints.data === undefined || hints.data.hints.length === 0 ? (
            <p className="courier-muted">
              {point === undefined
                ? tx(
                    "没有定位，无法查找附近的报告。",
                    "No position, so no nearby reports to compare.",
                  )
                : tx("附近没有类似的报告。", "No similar reports nearby.")}
            </p>
          ) : (
            <List>
              {hints.data.hints.map((hint) => (
                <List.Item
                  key={hint.reportId}
                  description={tx(
                    `${Math.round(hint.distanceMetres)} 米外，${Math.round(hint.hoursApart)} 小时前`,
                    `${Math.round(hint.distanceMetres)} m away, ${Math.round(hint.hoursApart)} h apart`,
                  )}
                >
                  {statusName(hint.status, tx)}
                </List.Item>
              ))}
            </List>
          )}
          {submit.error === null ? null : (
            <div role="alert" className="courier-refusal">
              <NoticeBar color="error" content={submit.error.message} wrap />
            </div>
          )}
          <Button
            block
            size="large"
            color="primary"
            style={{ marginTop: 12 }}
            loading={submit.isPending}
            disabled={submit.isPending}
            onClick={() => submit.mutate(send, { onSuccess: reset })}
          >
            {tx("发送报告", "Send the report")}
          </Button>
        </section>
      ) : null}
      {submit.isSuccess ? (
        <NoticeBar
          color="success"
          wrap
          content={tx(
            "已发送。服务站受理后会派给处理人，解决后会请你确认。",
            "Sent. The station routes it to a handler and asks you to confirm once it is fixed.",
          )}
        />
      ) : null}
      <section className="courier-section" aria-labelledby="own-reports-title">
        <h2 id="own-reports-title">{tx("我的报告", "My reports")}</h2>
        {(own.data?.items ?? []).map((report) => (
          <Card key={report.reportId} className="courier-card">
            <Tag color="primary">{statusName(report.status, tx)}</Tag>{" "}
            {language === "zh-CN" ? report.categoryName["zh-CN"] : report.categoryName.en}
            <p className="courier-muted">
              {report.location.address} · {formatDateTime(report.submittedAt)}
            </p>
            {report.status === "resolved" ? (
              <Button
                color="success"
                onClick={() =>
                  confirm.mutate((key) =>
                    // The reporter's answer to "is it fixed?" (AnswerResolutionCheck);
                    // closing a report without one is for staff.
                    client.POST("/v1/communities/{community}/reports/{reportId}/resolution-check", {
                      params: {
                        path: { community, reportId: report.reportId },
                        header: { "Idempotency-Key": key },
                      },
                      body: { fixed: true },
                    }),
                  )
                }
              >
                {tx("修好了吗？是的，已修好", "Is it fixed? Yes, it is")}
              </Button>
            ) : null}
          </Card>
        ))}
        {confirm.error === null ? null : (
          <NoticeBar color="error" content={confirm.error.message} wrap />
        )}
      </section>
    </>
  );
};
