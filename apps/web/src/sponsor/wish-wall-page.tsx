import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Empty, Modal, Row, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { dataOf, useConsoleAction, useDateFormat, useMoneyFormat } from "../staff/console-kit";
import { useGateway } from "../staff/gateway";
import { localized } from "../staff/labels";

/**
 * The wish wall (圆梦人): the wishes open to sponsors as cards — what, why in the
 * courier's words, value, deadline and station, never who the courier is — and a claim
 * in one tap before the deadline, followed by what to do next.
 */
export const WishWallPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const formatMoney = useMoneyFormat();
  const [claimed, setClaimed] = useState<string | undefined>();
  const stations = useQuery({
    queryKey: ["stations", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/stations", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const wall = useQuery({
    queryKey: ["wish-wall", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/wishes", {
          params: { path: { community }, query: { openToSponsors: true, limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["wish-wall", "sponsor-claims"]);
  const stationName = (stationId: string): string => {
    const station = stations.data?.items.find((candidate) => candidate.stationId === stationId);
    return station === undefined ? stationId : localized(station.name, language);
  };
  const items = (wall.data?.items ?? []).filter((wish) => wish.status === "published");
  const claimedWish = wall.data?.items.find((wish) => wish.wishId === claimed);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("微心愿墙", "Wish wall")}</Typography.Title>
      <Typography.Paragraph>
        {tx(
          "这些是小哥们的微心愿。认领一个，把礼物送到服务站，由工作人员转交。",
          "These are couriers' micro-wishes. Claim one and bring the gift to the station; the staff hand it over.",
        )}{" "}
        <Link to="/sponsor/claims" style={{ textDecoration: "underline" }}>
          {tx("我认领的心愿", "My claimed wishes")}
        </Link>
      </Typography.Paragraph>
      {wall.error ? <Alert type="error" showIcon message={wall.error.message} /> : null}
      {wall.isSuccess && items.length === 0 ? (
        <Empty
          description={tx(
            "现在没有等待认领的心愿，过几天再来看看",
            "No wishes wait for a sponsor now; come back in a few days",
          )}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        {items.map((wish) => (
          <Col key={wish.wishId} xs={24} sm={12} lg={8}>
            <Card
              title={wish.title}
              extra={<Tag>{localized(wish.categoryName, language)}</Tag>}
              actions={[
                <Button
                  key="claim"
                  type="primary"
                  size="large"
                  loading={action.isPending && action.variables !== undefined}
                  onClick={() =>
                    action.mutate(
                      (key) =>
                        client.POST("/v1/communities/{community}/wishes/{wishId}/claim", {
                          params: {
                            path: { community, wishId: wish.wishId },
                            header: { "Idempotency-Key": key },
                          },
                          body: {},
                        }),
                      { onSuccess: () => setClaimed(wish.wishId) },
                    )
                  }
                >
                  {tx("认领这个心愿", "Claim this wish")}
                </Button>,
              ]}
            >
              <Typography.Paragraph>{wish.description}</Typography.Paragraph>
              <Space orientation="vertical" size={2}>
                <Typography.Text>
                  {tx("价值约", "Value about")}{" "}
                  {formatMoney(wish.sponsorShareFen ?? wish.estimatedValueFen)}
                </Typography.Text>
                <Typography.Text>
                  {tx("截止", "Deadline")} {formatDate(wish.expiresAt)}
                </Typography.Text>
                <Typography.Text type="secondary">{stationName(wish.stationId)}</Typography.Text>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Modal
        open={claimed !== undefined}
        title={tx("认领成功，谢谢您！", "Claimed. Thank you!")}
        okText={tx("好的", "OK")}
        cancelButtonProps={{ style: { display: "none" } }}
        onOk={() => setClaimed(undefined)}
        onCancel={() => setClaimed(undefined)}
      >
        <Typography.Paragraph>
          {tx(
            `请在截止日期前把「${claimedWish?.title ?? ""}」送到${claimedWish ? stationName(claimedWish.stationId) : "服务站"}，工作人员会转交给小哥并在这里告诉您。`,
            `Please bring "${claimedWish?.title ?? ""}" to ${claimedWish ? stationName(claimedWish.stationId) : "the station"} before the deadline; the staff hand it over and tell you here.`,
          )}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
};
