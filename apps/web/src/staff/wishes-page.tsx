import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { dataOf, useConsoleAction, useDateFormat, useMoneyFormat } from "./console-kit";
import { useGateway } from "./gateway";
import { localized } from "./labels";
import { ReasonModal } from "./verification-page";

/**
 * Wish moderation: the wishes couriers submitted, oldest first; approve and publish to the
 * wall in one step, publish an approved one, or reject with a reason the courier reads.
 */
export const WishModerationPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const formatMoney = useMoneyFormat();
  const [rejecting, setRejecting] = useState<string | undefined>();
  const queue = useQuery({
    queryKey: ["wish-moderation", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/wish-moderation-queue", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["wish-moderation", "navigation-counts", "wish-wall"]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("心愿审核", "Wish moderation")}</Typography.Title>
      {queue.error ? <Alert type="error" showIcon message={queue.error.message} /> : null}
      <Table
        rowKey="wishId"
        loading={queue.isLoading}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("没有待审核的心愿", "No wishes to moderate") }}
        columns={[
          { title: tx("心愿", "Wish"), dataIndex: "title" },
          { title: tx("说明", "Description"), dataIndex: "description" },
          {
            title: tx("类别", "Category"),
            key: "category",
            render: (_, wish) => localized(wish.categoryName, language),
          },
          {
            title: tx("价值", "Value"),
            dataIndex: "estimatedValueFen",
            render: (fen: number) => formatMoney(fen),
          },
          {
            title: tx("状态", "Status"),
            key: "status",
            render: (_, wish) => <Tag>{localized(wish.statusName, language)}</Tag>,
          },
          {
            title: tx("提交时间", "Submitted"),
            dataIndex: "submittedAt",
            render: (value?: string) => formatDate(value),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, wish) => {
              const params = (key: string) => ({
                path: { community, wishId: wish.wishId },
                header: { "Idempotency-Key": key },
              });
              return (
                <Space wrap>
                  {wish.status === "submitted" ? (
                    <Button
                      type="primary"
                      onClick={() =>
                        action.mutate((key) =>
                          client.POST("/v1/communities/{community}/wishes/{wishId}/approval", {
                            params: params(key),
                            body: { publish: true },
                          }),
                        )
                      }
                    >
                      {tx("通过并上墙", "Approve and publish")}
                    </Button>
                  ) : null}
                  {wish.status === "approved" ? (
                    <Button
                      type="primary"
                      onClick={() =>
                        action.mutate((key) =>
                          client.POST("/v1/communities/{community}/wishes/{wishId}/publication", {
                            params: params(key),
                            body: {},
                          }),
                        )
                      }
                    >
                      {tx("上墙", "Publish")}
                    </Button>
                  ) : null}
                  <Button danger onClick={() => setRejecting(wish.wishId)}>
                    {tx("不通过", "Reject")}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
      <ReasonModal
        open={rejecting !== undefined}
        title={tx("不通过的原因", "Why the wish is rejected")}
        label={tx("原因（小哥会看到）", "Reason (the courier reads it)")}
        onCancel={() => setRejecting(undefined)}
        onSubmit={(reason) => {
          const wishId = rejecting;
          setRejecting(undefined);
          if (wishId === undefined) return;
          action.mutate((key) =>
            client.POST("/v1/communities/{community}/wishes/{wishId}/rejection", {
              params: { path: { community, wishId }, header: { "Idempotency-Key": key } },
              body: { reason },
            }),
          );
        }}
      />
    </Space>
  );
};
