import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { dataOf, useConsoleAction, useDateFormat } from "./console-kit";
import { useGateway } from "./gateway";
import { localized, suggestionStatusName } from "./labels";
import { ReasonModal } from "./verification-page";

type Step = "acknowledge" | "answer" | "adopt" | "decline" | "progress" | "complete";

/**
 * The suggestion inbox (小哥有话说): those past their first-response time first; acknowledge,
 * answer, adopt with a plan, decline with a reason, then follow an adopted one through with
 * progress notes to its completion.
 */
export const SuggestionsPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const [step, setStep] = useState<{ step: Step; suggestionId: string } | undefined>();
  const suggestions = useQuery({
    queryKey: ["suggestions", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/suggestions", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["suggestions", "navigation-counts"]);
  const items = [...(suggestions.data?.items ?? [])].sort(
    (a, b) =>
      Number(b.firstResponseOverdue) - Number(a.firstResponseOverdue) ||
      a.firstResponseDueAt.localeCompare(b.firstResponseDueAt),
  );
  const send = (suggestionId: string, chosen: Step, text: string) =>
    action.mutate((key) => {
      const params = { path: { community, suggestionId }, header: { "Idempotency-Key": key } };
      switch (chosen) {
        case "acknowledge":
          return client.POST(
            "/v1/communities/{community}/suggestions/{suggestionId}/acknowledgement",
            {
              params,
              body: { note: text },
            },
          );
        case "answer":
          return client.POST("/v1/communities/{community}/suggestions/{suggestionId}/answer", {
            params,
            body: { answer: text },
          });
        case "adopt":
          return client.POST("/v1/communities/{community}/suggestions/{suggestionId}/adoption", {
            params,
            body: { plan: text },
          });
        case "decline":
          return client.POST("/v1/communities/{community}/suggestions/{suggestionId}/declining", {
            params,
            body: { reason: text },
          });
        case "progress":
          return client.POST("/v1/communities/{community}/suggestions/{suggestionId}/progress", {
            params,
            body: { note: text },
          });
        case "complete":
          return client.POST("/v1/communities/{community}/suggestions/{suggestionId}/completion", {
            params,
            body: { note: text },
          });
      }
    });
  const titles: Record<Step, string> = {
    acknowledge: tx("已收到：给小哥的一句话", "Acknowledge: a word to the courier"),
    answer: tx("答复（小哥会看到）", "Answer (the courier reads it)"),
    adopt: tx("采纳：打算怎么做", "Adopt: what will be done"),
    decline: tx("不采纳的原因", "Why it is declined"),
    progress: tx("落实进展", "Progress"),
    complete: tx("已落实：结果", "Completed: the outcome"),
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("小哥有话说", "Suggestion inbox")}</Typography.Title>
      {suggestions.error ? (
        <Alert type="error" showIcon message={suggestions.error.message} />
      ) : null}
      <Table
        rowKey="suggestionId"
        loading={suggestions.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("没有待回应的建议", "No suggestions waiting") }}
        expandable={{
          rowExpandable: (suggestion) =>
            suggestion.response !== undefined || suggestion.progress.length > 0,
          expandedRowRender: (suggestion) => (
            <Space orientation="vertical">
              {suggestion.response ? (
                <Typography.Text>
                  {tx("回应：", "Response: ")}
                  {suggestion.response.text}
                </Typography.Text>
              ) : null}
              {suggestion.progress.map((entry) => (
                <Typography.Text key={entry.at}>
                  {formatDate(entry.at)} · {entry.note}
                </Typography.Text>
              ))}
            </Space>
          ),
        }}
        columns={[
          {
            title: tx("话题", "Topic"),
            key: "topic",
            render: (_, suggestion) => localized(suggestion.topicName, language),
          },
          { title: tx("内容", "Text"), dataIndex: "text" },
          { title: tx("附议", "Seconds"), dataIndex: "secondCount" },
          {
            title: tx("状态", "Status"),
            key: "status",
            render: (_, suggestion) => (
              <Space size={4} wrap>
                <Tag>{suggestionStatusName(suggestion.status, language)}</Tag>
                {suggestion.firstResponseOverdue ? (
                  <Tag color="red">{tx("回应超时", "Response overdue")}</Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: tx("提交时间", "Submitted"),
            dataIndex: "submittedAt",
            render: (value: string) => formatDate(value),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, suggestion) => {
              const open = (chosen: Step) => () =>
                setStep({ step: chosen, suggestionId: suggestion.suggestionId });
              const waiting =
                suggestion.status === "submitted" || suggestion.status === "acknowledged";
              return (
                <Space wrap>
                  {suggestion.status === "submitted" ? (
                    <Button onClick={open("acknowledge")}>{tx("已收到", "Acknowledge")}</Button>
                  ) : null}
                  {waiting ? (
                    <>
                      <Button type="primary" onClick={open("answer")}>
                        {tx("答复", "Answer")}
                      </Button>
                      <Button onClick={open("adopt")}>{tx("采纳", "Adopt")}</Button>
                      <Button danger onClick={open("decline")}>
                        {tx("不采纳", "Decline")}
                      </Button>
                    </>
                  ) : null}
                  {suggestion.status === "adopted" ? (
                    <>
                      <Button onClick={open("progress")}>
                        {tx("记录进展", "Record progress")}
                      </Button>
                      <Button type="primary" onClick={open("complete")}>
                        {tx("已落实", "Complete")}
                      </Button>
                    </>
                  ) : null}
                </Space>
              );
            },
          },
        ]}
      />
      <ReasonModal
        open={step !== undefined}
        title={step === undefined ? "" : titles[step.step]}
        label={tx("内容", "Text")}
        onCancel={() => setStep(undefined)}
        onSubmit={(text) => {
          if (step !== undefined) send(step.suggestionId, step.step, text);
          setStep(undefined);
        }}
      />
    </Space>
  );
};
