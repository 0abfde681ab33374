import { useQuery } from "@tanstack/react-query";
import { Alert, Button, List, Segmented, Space, Tag, Typography } from "antd";
import { useSearchParams } from "react-router";
import { dataOf, useConsoleAction, useDateFormat } from "./console-kit";
import { useGateway } from "./gateway";

/** The notification inbox: the staff desk's notices (overdue reports and suggestions …) and one's own, unread first. */
export const NoticesPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const [search, setSearch] = useSearchParams();
  const box = search.get("box") === "mine" ? "mine" : "staff-desk";
  const notices = useQuery({
    queryKey: ["notices", community, box, language],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/notices", {
          params: { path: { community }, query: { box, language, limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["notices"]);
  const items = [...(notices.data?.items ?? [])].sort(
    (a, b) => Number(a.read) - Number(b.read) || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("通知", "Notifications")}</Typography.Title>
      <Segmented
        value={box}
        onChange={(value) => setSearch(value === "mine" ? { box: "mine" } : {})}
        options={[
          { value: "staff-desk", label: tx("工作台", "Staff desk") },
          { value: "mine", label: tx("我的", "Mine") },
        ]}
      />
      {notices.error ? <Alert type="error" showIcon message={notices.error.message} /> : null}
      <List
        loading={notices.isLoading}
        dataSource={items}
        locale={{ emptyText: tx("没有通知", "No notifications") }}
        renderItem={(notice) => (
          <List.Item
            actions={
              notice.read
                ? []
                : [
                    <Button
                      key="read"
                      onClick={() =>
                        action.mutate((key) =>
                          client.POST("/v1/communities/{community}/notices/{noticeId}/reading", {
                            params: {
                              path: { community, noticeId: notice.noticeId },
                              header: { "Idempotency-Key": key },
                            },
                            body: {},
                          }),
                        )
                      }
                    >
                      {tx("标为已读", "Mark read")}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {notice.read ? null : <Tag color="blue">{tx("未读", "Unread")}</Tag>}
                  {notice.title}
                </Space>
              }
              description={`${formatDate(notice.createdAt)} · ${notice.body}`}
            />
          </List.Item>
        )}
      />
    </Space>
  );
};
