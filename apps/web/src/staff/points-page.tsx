import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Typography,
} from "antd";
import { useState } from "react";
import { dataOf, newCommandId, useConsoleAction } from "./console-kit";
import { useGateway } from "./gateway";

interface AdjustmentValues {
  readonly courierId: string;
  readonly direction: "grant" | "deduct";
  readonly amount: number;
  readonly note: string;
  readonly reference?: string;
}

/**
 * Manual points adjustments: grant or deduct points for a courier with a note that stays
 * on their statement. The transfer's id is chosen when the form opens, so a resend after
 * a lost answer is the same transfer.
 */
export const PointsPage = () => {
  const { client, community, tx } = useGateway();
  const [form] = Form.useForm<AdjustmentValues>();
  const [transferId, setTransferId] = useState(newCommandId);
  const [refusal, setRefusal] = useState<string | undefined>();
  const [courierId, setCourierId] = useState<string | undefined>();
  const balance = useQuery({
    queryKey: ["points-balance", community, courierId],
    enabled: courierId !== undefined,
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/couriers/{courierId}/points", {
          params: { path: { community, courierId: courierId ?? "" } },
        }),
      ),
  });
  const ledger = useQuery({
    queryKey: ["points-ledger", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/points-ledger", {
          params: { path: { community } },
        }),
      ),
  });
  const action = useConsoleAction(["points-balance", "points-ledger"]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 720 }}>
      <Typography.Title level={2}>{tx("积分调整", "Points adjustments")}</Typography.Title>
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ direction: "grant" }}
          onFinish={(values) => {
            setRefusal(undefined);
            action.mutate(
              (key) =>
                client.POST("/v1/communities/{community}/points-adjustments", {
                  params: { path: { community }, header: { "Idempotency-Key": key } },
                  body: {
                    transferId,
                    courierId: values.courierId,
                    direction: values.direction,
                    amount: values.amount,
                    note: values.note,
                    ...(values.reference ? { reference: values.reference } : {}),
                  },
                }),
              {
                onSuccess: () => {
                  setCourierId(values.courierId);
                  setTransferId(newCommandId());
                  form.resetFields();
                },
                onError: (error) => setRefusal(error.message),
              },
            );
          }}
        >
          <Form.Item
            name="courierId"
            label={tx("小哥编号", "Courier id")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input onBlur={(event) => setCourierId(event.target.value.trim() || undefined)} />
          </Form.Item>
          <Form.Item name="direction" label={tx("方向", "Direction")}>
            <Radio.Group
              options={[
                { value: "grant", label: tx("发放", "Grant") },
                { value: "deduct", label: tx("扣减", "Deduct") },
              ]}
            />
          </Form.Item>
          <Form.Item name="amount" label={tx("积分", "Points")} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="note"
            label={tx("说明（小哥会看到）", "Note (the courier sees it)")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="reference" label={tx("依据（可选）", "Reference (optional)")}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={action.isPending}>
            {tx("提交调整", "Adjust")}
          </Button>
        </Form>
      </Card>
      {balance.data === undefined ? null : (
        <Card title={tx("该小哥的积分", "The courier's points")}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={tx("余额", "Balance")}>
              {balance.data.balance}
            </Descriptions.Item>
            <Descriptions.Item label={tx("冻结", "Held")}>{balance.data.held}</Descriptions.Item>
            <Descriptions.Item label={tx("可用", "Available")}>
              {balance.data.available}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {ledger.data === undefined ? null : (
        <Card title={tx("积分总账", "Ledger totals")}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={tx("小哥账户数", "Courier accounts")}>
              {ledger.data.courierAccounts}
            </Descriptions.Item>
            <Descriptions.Item label={tx("小哥持有积分", "Points held by couriers")}>
              {ledger.data.couriers.balance}
            </Descriptions.Item>
            <Descriptions.Item label={tx("待结算", "Pending")}>
              {ledger.data.couriers.pending}
            </Descriptions.Item>
            <Descriptions.Item label={tx("总账平衡（应为 0）", "Ledger sum (must be 0)")}>
              {ledger.data.sum.balance}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Space>
  );
};
