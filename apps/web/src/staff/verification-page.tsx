import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { dataOf, useConsoleAction, useDateFormat } from "./console-kit";
import { useGateway } from "./gateway";
import { platformName } from "./labels";

/** The verification queue: couriers who registered (小哥报到) and wait for staff, oldest first; verify several at once or reject one with a reason. */
export const VerificationPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<string | undefined>();
  const queue = useQuery({
    queryKey: ["verification-queue", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/verification-queue", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["verification-queue", "navigation-counts"]);
  const verify = (courierIds: ReadonlyArray<string>) =>
    action.mutate(
      courierIds.map(
        (courierId) => (key: string) =>
          client.POST("/v1/communities/{community}/couriers/{courierId}/verification", {
            params: { path: { community, courierId }, header: { "Idempotency-Key": key } },
            body: {},
          }),
      ),
    );
  const items = queue.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("小哥报到核验", "Verification queue")}</Typography.Title>
      {queue.error ? <Alert type="error" showIcon message={queue.error.message} /> : null}
      <Space wrap>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => {
            verify(selected);
            setSelected([]);
          }}
        >
          {tx(`核验选中的 ${selected.length} 位`, `Verify ${selected.length} selected`)}
        </Button>
      </Space>
      <Table
        rowKey="courierId"
        loading={queue.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        locale={{
          emptyText: tx(
            "队列已清空，没有待核验的小哥",
            "The queue is empty: nobody waits for verification",
          ),
        }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
        }}
        columns={[
          { title: tx("昵称", "Nickname"), dataIndex: "nickname" },
          {
            title: tx("姓名", "Name"),
            dataIndex: "realName",
            render: (value?: string) => value ?? "—",
          },
          {
            title: tx("手机号", "Mobile"),
            dataIndex: "maskedMobileNumber",
            render: (value?: string) => value ?? "—",
          },
          {
            title: tx("平台", "Platforms"),
            dataIndex: "platforms",
            render: (platforms: ReadonlyArray<string>) =>
              platforms.map((platform) => (
                <Tag key={platform}>{platformName(platform, language)}</Tag>
              )),
          },
          {
            title: tx("报到时间", "Registered"),
            dataIndex: "registeredAt",
            render: (value: string) => formatDate(value),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, courier) => (
              <Space>
                <Button type="primary" onClick={() => verify([courier.courierId])}>
                  {tx("通过", "Verify")} {courier.nickname}
                </Button>
                <Button danger onClick={() => setRejecting(courier.courierId)}>
                  {tx("不通过", "Reject")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        open={rejecting !== undefined}
        title={tx("不通过的原因", "Why the registration is rejected")}
        label={tx("原因（小哥会看到）", "Reason (the courier sees it)")}
        onCancel={() => setRejecting(undefined)}
        onSubmit={(reason) => {
          const courierId = rejecting;
          setRejecting(undefined);
          if (courierId === undefined) return;
          action.mutate((key) =>
            client.POST("/v1/communities/{community}/couriers/{courierId}/rejection", {
              params: { path: { community, courierId }, header: { "Idempotency-Key": key } },
              body: { reason },
            }),
          );
        }}
      />
    </Space>
  );
};

/** A small form asking for one text (a reason, a note), with a label the screen reader reads. */
export const ReasonModal = (props: {
  readonly open: boolean;
  readonly title: string;
  readonly label: string;
  readonly onCancel: () => void;
  readonly onSubmit: (text: string) => void;
}) => {
  const [form] = Form.useForm<{ text: string }>();
  const { tx } = useGateway();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={tx("确定", "OK")}
      cancelText={tx("取消", "Cancel")}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          props.onSubmit(values.text);
          form.resetFields();
        }}
      >
        <Form.Item
          name="text"
          label={props.label}
          rules={[{ required: true, whitespace: true, message: tx("请填写", "Required") }]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
};
