import { useQuery } from "@tanstack/react-query";
import { Button, Card, NoticeBar, Selector, Tag, TextArea } from "antd-mobile";
import { useState } from "react";
import { unwrap } from "../api/client";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction, usePolicy } from "./courier-kit";
import { statusName } from "./labels";

/**
 * 小哥有话说: post a suggestion on a topic, second others' (one tap), and read the
 * station's answers.
 */
export const SuggestionsPage = () => {
  const { tx, language } = useLanguage();
  const { client, community } = useCourier();
  const policy = usePolicy();
  const [topic, setTopic] = useState<string | undefined>();
  const [text, setText] = useState("");
  const post = useCourierAction(["suggestions"]);
  const second = useCourierAction(["suggestions"]);
  const topics = policy.data?.policy?.suggestions?.topics ?? [];
  const listed = useQuery({
    queryKey: ["suggestions", community, "public"],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/public-suggestions", {
          params: { path: { community }, query: { limit: 30 } },
        }),
      ),
  });
  return (
    <>
      <section className="courier-section" aria-labelledby="suggestions-title">
        <h1 id="suggestions-title" className="courier-title">
          {tx("小哥有话说", "Suggestions")}
        </h1>
        <Selector
          columns={2}
          value={topic === undefined ? [] : [topic]}
          onChange={(value) => setTopic(value[0])}
          options={topics.map((item) => ({
            value: item.id,
            label: language === "zh-CN" ? item.name["zh-CN"] : item.name.en,
          }))}
        />
        <TextArea
          aria-label={tx("你的建议", "Your suggestion")}
          placeholder={tx("你的建议", "Your suggestion")}
          value={text}
          onChange={setText}
          rows={3}
        />
        {post.error === null ? null : (
          <div role="alert" className="courier-refusal">
            <NoticeBar color="error" content={post.error.message} wrap />
          </div>
        )}
        <Button
          block
          size="large"
          color="primary"
          style={{ marginTop: 12 }}
          disabled={topic === undefined || text.trim() === "" || post.isPending}
          loading={post.isPending}
          onClick={() =>
            post.mutate(
              (key) =>
                client.POST("/v1/communities/{community}/suggestions", {
                  params: { path: { community }, header: { "Idempotency-Key": key } },
                  body: { suggestionId: `s-${key}`, topic: topic ?? "", text: text.trim() },
                }),
              { onSuccess: () => setText("") },
            )
          }
        >
          {tx("提交建议", "Post the suggestion")}
        </Button>
      </section>
      {second.error === null ? null : (
        <NoticeBar color="error" content={second.error.message} wrap />
      )}
      {(listed.data?.items ?? []).map((suggestion) => {
        if (suggestion.view !== "courier") return null;
        const answer = suggestion.response?.text;
        const seconded = suggestion.secondedByMe;
        return (
          <Card key={suggestion.suggestionId} className="courier-card">
            <Tag color="primary">{statusName(suggestion.status, tx)}</Tag>{" "}
            <span className="courier-muted">
              {language === "zh-CN" ? suggestion.topicName["zh-CN"] : suggestion.topicName.en}
            </span>
            <p>{suggestion.text}</p>
            {answer === undefined ? null : (
              <p className="courier-answer">
                {tx("服务站答复：", "The station's answer: ")}
                {answer}
              </p>
            )}
            <Button
              size="small"
              disabled={suggestion.mine || seconded || !suggestion.canSecond || second.isPending}
              onClick={() =>
                second.mutate((key) =>
                  client.POST("/v1/communities/{community}/suggestions/{suggestionId}/seconds", {
                    params: {
                      path: { community, suggestionId: suggestion.suggestionId },
                      header: { "Idempotency-Key": key },
                    },
                    body: {},
                  }),
                )
              }
            >
              {suggestion.mine
                ? tx("我的建议", "My suggestion")
                : seconded
                  ? tx("已附议", "Seconded")
                  : tx("附议", "Second")}
            </Button>
          </Card>
        );
      })}
    </>
  );
};
