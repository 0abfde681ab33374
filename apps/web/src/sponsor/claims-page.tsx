import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, List, Modal, Space, Tag, Typography } from "antd";
import { Link } from "react-router";
import { dataOf, useConsoleAction, useDateFormat, useMoneyFormat } from "../staff/console-kit";
import { useGateway } from "../staff/gateway";
import { localized } from "../staff/labels";

/**
 * A sponsor's claimed wishes and history: what to hand over and by when, the wishes
 * handed over, and the couriers' thanks. Once they have handed a wish over, the sponsor
 * marks it so here (after a confirmation: it cannot be undone); before that a claim can
 * still be released.
 */
export const SponsorClaimsPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const formatMoney = useMoneyFormat();
  const claims = useQuery({
    queryKey: ["sponsor-claims", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/sponsors/{sponsorId}/claims", {
          params: { path: { community, sponsorId: "me" }, query: { limit: 100 } },
        }),
      ),
  });
  // The confirmation drawn inside the sponsor pages' theme (its readable colours), not the app's.
  const [modal, modalHolder] = Modal.useModal();
  const release = useConsoleAction(["sponsor-claims", "wish-wall"]);
  const handOver = useConsoleAction(["sponsor-claims"]);
  const items = claims.data?.items ?? [];
  const waiting = items.filter((wish) => wish.status === "claimed");
  const done = items.filter((wish) => wish.status !== "claimed");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {modalHolder}
      <Typography.Title level={2}>{tx("我认领的心愿", "My claimed wishes")}</Typography.Title>
      <Link to="/sponsor">{tx("回到心愿墙", "Back to the wish wall")}</Link>
      {claims.error ? <Alert type="error" showIcon message={claims.error.message} /> : null}
      {claims.isSuccess && items.length === 0 ? (
        <Empty description={tx("还没有认领心愿", "You have not claimed a wish yet")}>
          <Link to="/sponsor">{tx("去心愿墙看看", "See the wish wall")}</Link>
        </Empty>
      ) : null}
      {waiting.length === 0 ? null : (
        <Card title={tx("待送达", "To hand over")}>
          <List
            dataSource={waiting}
            renderItem={(wish) => (
              <List.Item
                actions={[
                  <Button
                    key="hand-over"
                    type="primary"
                    loading={handOver.isPending}
                    onClick={() =>
                      modal.confirm({
                        title: tx(
                          `确认“${wish.title}”已交到小哥手中？`,
                          `Has “${wish.title}” reached the courier?`,
                        ),
                        content: tx(
                          "确认后心愿记为已实现，不能撤回；小哥会收到通知并可以向你致谢。",
                          "The wish is then recorded as fulfilled, which cannot be undone; the courier is told and can thank you.",
                        ),
                        okText: tx("确认已送达", "Yes, handed over"),
                        cancelText: tx("还没有", "Not yet"),
                        onOk: () =>
                          handOver.mutate((key) =>
                            client.POST("/v1/communities/{community}/wishes/{wishId}/fulfilment", {
                              params: {
                                path: { community, wishId: wish.wishId },
                                header: { "Idempotency-Key": key },
                              },
                              body: {},
                            }),
                          ),
                      })
                    }
                  >
                    {tx("标记已送达", "Mark handed over")}
                  </Button>,
                  <Button
                    key="release"
                    onClick={() =>
                      release.mutate((key) =>
                        client.POST("/v1/communities/{community}/wishes/{wishId}/claim/release", {
                          params: {
                            path: { community, wishId: wish.wishId },
                            header: { "Idempotency-Key": key },
                          },
                          body: {},
                        }),
                      )
                    }
                  >
                    {tx("放弃认领", "Release")}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={wish.title}
                  description={tx(
                    `请在 ${formatDate(wish.pledge?.dueAt ?? wish.expiresAt)} 前送到服务站或交给小哥；送到后点“标记已送达”，工作人员转交的也会在这里显示“已实现”。`,
                    `Bring it to the station or the courier by ${formatDate(wish.pledge?.dueAt ?? wish.expiresAt)}; once it is there, tap “Mark handed over”. Wishes the staff hand over show as fulfilled here too.`,
                  )}
                />
                <Tag>{localized(wish.statusName, language)}</Tag>
              </List.Item>
            )}
          />
        </Card>
      )}
      {done.length === 0 ? null : (
        <Card title={tx("历史与感谢", "History and thanks")}>
          <List
            dataSource={done}
            renderItem={(wish) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {wish.title}
                      <Tag>{localized(wish.statusName, language)}</Tag>
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={2}>
                      <span>
                        {formatMoney(wish.pledge?.shareFen ?? wish.estimatedValueFen)}
                        {wish.fulfilledAt
                          ? ` · ${tx("实现于", "fulfilled")} ${formatDate(wish.fulfilledAt)}`
                          : ""}
                      </span>
                      {wish.thanksToYou ? (
                        <Typography.Text strong>
                          {tx("小哥的感谢：", "The courier's thanks: ")}
                          {wish.thanksToYou}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
};
