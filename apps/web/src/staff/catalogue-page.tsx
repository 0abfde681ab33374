import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useStations } from "./activities-page";
import { dataOf, newCommandId, useConsoleAction } from "./console-kit";
import { useGateway } from "./gateway";
import { localized } from "./labels";

interface ItemValues {
  readonly title: string;
  readonly description?: string;
  readonly pointsPrice: number;
  readonly stock: number;
  readonly stationId: string;
  readonly limitPerCourier?: number;
}

/** The points catalogue: what couriers can redeem, the stock of each, restocking, withdrawing and relisting; and a new item. */
export const CataloguePage = () => {
  const { client, community, tx, language } = useGateway();
  const stations = useStations();
  const [adding, setAdding] = useState(false);
  const [restocking, setRestocking] = useState<string | undefined>();
  const catalogue = useQuery({
    queryKey: ["catalogue", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/catalogue", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["catalogue"]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("积分兑换品", "Catalogue")}</Typography.Title>
      <Space>
        <Button type="primary" onClick={() => setAdding(true)}>
          {tx("上架兑换品", "List an item")}
        </Button>
      </Space>
      {catalogue.error ? <Alert type="error" showIcon message={catalogue.error.message} /> : null}
      <Table
        rowKey="itemId"
        loading={catalogue.isLoading}
        dataSource={catalogue.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("还没有兑换品", "No items yet") }}
        columns={[
          { title: tx("名称", "Item"), dataIndex: "title" },
          // Each station keeps its own items, often of the same names: the station tells
          // them apart.
          {
            title: tx("服务站", "Station"),
            dataIndex: "stationId",
            render: (stationId: string) => {
              const station = stations.data?.items.find(
                (candidate) => candidate.stationId === stationId,
              );
              return station === undefined ? stationId : localized(station.name, language);
            },
          },
          { title: tx("积分", "Points"), dataIndex: "pointsPrice" },
          { title: tx("库存", "Stock"), dataIndex: "stock" },
          {
            title: tx("状态", "Status"),
            dataIndex: "available",
            render: (available: boolean) => (
              <Tag color={available ? "green" : "default"}>
                {available ? tx("可兑换", "Available") : tx("不可兑换", "Unavailable")}
              </Tag>
            ),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, item) => (
              <Space wrap>
                <Button onClick={() => setRestocking(item.itemId)}>{tx("补货", "Restock")}</Button>
                <Button
                  onClick={() =>
                    action.mutate((key) =>
                      client.POST(
                        item.available
                          ? "/v1/communities/{community}/catalogue/{itemId}/withdrawal"
                          : "/v1/communities/{community}/catalogue/{itemId}/relisting",
                        {
                          params: {
                            path: { community, itemId: item.itemId },
                            header: { "Idempotency-Key": key },
                          },
                          body: {},
                        },
                      ),
                    )
                  }
                >
                  {item.available ? tx("下架", "Withdraw") : tx("重新上架", "Relist")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={restocking !== undefined}
        title={tx("补货数量", "Restock quantity")}
        footer={null}
        onCancel={() => setRestocking(undefined)}
        destroyOnHidden
      >
        <Form
          layout="inline"
          onFinish={(values: { quantity: number }) => {
            const itemId = restocking;
            setRestocking(undefined);
            if (itemId === undefined) return;
            action.mutate((key) =>
              client.POST("/v1/communities/{community}/catalogue/{itemId}/restocking", {
                params: { path: { community, itemId }, header: { "Idempotency-Key": key } },
                body: { quantity: values.quantity },
              }),
            );
          }}
        >
          <Form.Item name="quantity" label={tx("数量", "Quantity")} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {tx("补货", "Restock")}
          </Button>
        </Form>
      </Modal>
      {adding ? (
        <ItemModal
          stations={(stations.data?.items ?? []).map((station) => ({
            value: station.stationId,
            label: localized(station.name, language),
          }))}
          onClose={() => setAdding(false)}
        />
      ) : null}
    </Space>
  );
};

const ItemModal = (props: {
  readonly stations: ReadonlyArray<{ value: string; label: string }>;
  readonly onClose: () => void;
}) => {
  const { client, community, tx } = useGateway();
  const [form] = Form.useForm<ItemValues>();
  const [itemId] = useState(newCommandId);
  const [refusal, setRefusal] = useState<string | undefined>();
  const action = useConsoleAction(["catalogue"]);
  return (
    <Modal
      open
      title={tx("上架兑换品", "List an item")}
      okText={tx("上架", "List")}
      cancelText={tx("取消", "Cancel")}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          action.mutate(
            (key) =>
              client.POST("/v1/communities/{community}/catalogue", {
                params: { path: { community }, header: { "Idempotency-Key": key } },
                body: {
                  itemId,
                  title: values.title,
                  ...(values.description ? { description: values.description } : {}),
                  pointsPrice: values.pointsPrice,
                  stock: values.stock,
                  stationId: values.stationId,
                  donor: { kind: "community" },
                  ...(values.limitPerCourier ? { limitPerCourier: values.limitPerCourier } : {}),
                },
              }),
            { onSuccess: props.onClose, onError: (error) => setRefusal(error.message) },
          )
        }
      >
        <Form.Item
          name="title"
          label={tx("名称", "Item")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="description" label={tx("说明", "Description")}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="pointsPrice"
            label={tx("所需积分", "Points")}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="stock" label={tx("库存", "Stock")} rules={[{ required: true }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="limitPerCourier" label={tx("每人限兑", "Limit per courier")}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item
          name="stationId"
          label={tx("领取服务站", "Pick-up station")}
          rules={[{ required: true }]}
        >
          <Select options={[...props.stations]} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
