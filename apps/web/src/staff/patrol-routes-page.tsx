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
import { dataOf, newCommandId, useConsoleAction } from "./console-kit";
import { useGateway } from "./gateway";
import { ReasonModal } from "./verification-page";

interface RouteValues {
  readonly name: string;
  readonly kind: "river" | "street" | "other";
  readonly description?: string;
  readonly checkpoints: string;
  readonly requiredCheckpoints?: number;
}

/**
 * `名称, 纬度, 经度, 半径` per line as checkpoints; a line that does not read is
 * answered with its number, so the form says which line to fix.
 */
const checkpointsOf = (
  text: string,
): {
  checkpoints: {
    checkpointId: string;
    name: string;
    location: { latitude: number; longitude: number };
    radiusMetres: number;
  }[];
  badLine?: number;
} => {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const checkpoints = [];
  for (const [index, line] of lines.entries()) {
    const [name = "", latitude = "", longitude = "", radius = "50"] = line.split(/[,，]\s*/);
    const point = {
      latitude: Number(latitude),
      longitude: Number(longitude),
      radius: Number(radius),
    };
    if (
      name === "" ||
      !Number.isFinite(point.latitude) ||
      !Number.isFinite(point.longitude) ||
      !Number.isInteger(point.radius)
    ) {
      return { checkpoints: [], badLine: index + 1 };
    }
    checkpoints.push({
      checkpointId: `cp-${index + 1}`,
      name,
      location: { latitude: point.latitude, longitude: point.longitude },
      radiusMetres: point.radius,
    });
  }
  return { checkpoints };
};

/** Patrol routes (流动岗哨): the routes with their checkpoints, publish a new one, suspend, resume or retire. */
export const PatrolRoutesPage = () => {
  const { client, community, tx } = useGateway();
  const [publishing, setPublishing] = useState(false);
  const [stopping, setStopping] = useState<{ routeId: string; retire: boolean } | undefined>();
  const routes = useQuery({
    queryKey: ["patrol-routes", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/patrol-routes", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["patrol-routes"]);
  const kindName = (kind: string) =>
    kind === "river"
      ? tx("河道", "River")
      : kind === "street"
        ? tx("街面", "Street")
        : tx("其他", "Other");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("巡查路线", "Patrol routes")}</Typography.Title>
      <Space>
        <Button type="primary" onClick={() => setPublishing(true)}>
          {tx("发布路线", "Publish a route")}
        </Button>
      </Space>
      {routes.error ? <Alert type="error" showIcon message={routes.error.message} /> : null}
      <Table
        rowKey="routeId"
        loading={routes.isLoading}
        dataSource={routes.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("还没有巡查路线", "No patrol routes yet") }}
        columns={[
          { title: tx("名称", "Name"), dataIndex: "name" },
          {
            title: tx("类型", "Kind"),
            dataIndex: "kind",
            render: (kind: string) => kindName(kind),
          },
          {
            title: tx("打卡点", "Checkpoints"),
            key: "checkpoints",
            render: (_, route) =>
              route.checkpoints.map((checkpoint) => checkpoint.name).join(" → "),
          },
          { title: tx("至少打卡", "Required"), dataIndex: "requiredCheckpoints" },
          {
            title: tx("状态", "Status"),
            dataIndex: "status",
            render: (status: string) => (
              <Tag>
                {status === "active"
                  ? tx("启用", "Active")
                  : status === "suspended"
                    ? tx("暂停", "Suspended")
                    : tx("已停用", "Retired")}
              </Tag>
            ),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, route) => (
              <Space wrap>
                {route.status === "active" ? (
                  <Button onClick={() => setStopping({ routeId: route.routeId, retire: false })}>
                    {tx("暂停", "Suspend")}
                  </Button>
                ) : null}
                {route.status === "suspended" ? (
                  <Button
                    onClick={() =>
                      action.mutate((key) =>
                        client.POST(
                          "/v1/communities/{community}/patrol-routes/{routeId}/resumption",
                          {
                            params: {
                              path: { community, routeId: route.routeId },
                              header: { "Idempotency-Key": key },
                            },
                            body: {},
                          },
                        ),
                      )
                    }
                  >
                    {tx("恢复", "Resume")}
                  </Button>
                ) : null}
                {route.status === "retired" ? null : (
                  <Button
                    danger
                    onClick={() => setStopping({ routeId: route.routeId, retire: true })}
                  >
                    {tx("停用", "Retire")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        open={stopping !== undefined}
        title={
          stopping?.retire
            ? tx("停用的原因", "Why the route is retired")
            : tx("暂停的原因", "Why the route is suspended")
        }
        label={tx("原因", "Reason")}
        onCancel={() => setStopping(undefined)}
        onSubmit={(reason) => {
          const chosen = stopping;
          setStopping(undefined);
          if (chosen === undefined) return;
          action.mutate((key) =>
            client.POST(
              chosen.retire
                ? "/v1/communities/{community}/patrol-routes/{routeId}/retirement"
                : "/v1/communities/{community}/patrol-routes/{routeId}/suspension",
              {
                params: {
                  path: { community, routeId: chosen.routeId },
                  header: { "Idempotency-Key": key },
                },
                body: { reason },
              },
            ),
          );
        }}
      />
      {publishing ? <PublishRouteModal onClose={() => setPublishing(false)} /> : null}
    </Space>
  );
};

const PublishRouteModal = (props: { readonly onClose: () => void }) => {
  const { client, community, tx } = useGateway();
  const [form] = Form.useForm<RouteValues>();
  const [routeId] = useState(newCommandId);
  const [refusal, setRefusal] = useState<string | undefined>();
  const action = useConsoleAction(["patrol-routes"]);
  return (
    <Modal
      open
      title={tx("发布巡查路线", "Publish a patrol route")}
      okText={tx("发布", "Publish")}
      cancelText={tx("取消", "Cancel")}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      width={640}
    >
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: "river" }}
        onFinish={(values) => {
          const { checkpoints, badLine } = checkpointsOf(values.checkpoints);
          if (badLine !== undefined) {
            setRefusal(tx(`第 ${badLine} 行读不懂`, `Line ${badLine} cannot be read`));
            return;
          }
          action.mutate(
            (key) =>
              client.POST("/v1/communities/{community}/patrol-routes", {
                params: { path: { community }, header: { "Idempotency-Key": key } },
                body: {
                  routeId,
                  name: values.name,
                  kind: values.kind,
                  ...(values.description ? { description: values.description } : {}),
                  checkpoints,
                  ...(values.requiredCheckpoints
                    ? { requiredCheckpoints: values.requiredCheckpoints }
                    : {}),
                },
              }),
            { onSuccess: props.onClose, onError: (error) => setRefusal(error.message) },
          );
        }}
      >
        <Form.Item
          name="name"
          label={tx("名称", "Name")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={tx("类型", "Kind")}>
          <Select
            options={[
              { value: "river", label: tx("河道", "River") },
              { value: "street", label: tx("街面", "Street") },
              { value: "other", label: tx("其他", "Other") },
            ]}
          />
        </Form.Item>
        <Form.Item name="description" label={tx("说明", "Description")}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name="checkpoints"
          label={tx(
            "打卡点：每行“名称, 纬度, 经度, 半径米”",
            "Checkpoints: one per line, “name, latitude, longitude, radius in metres”",
          )}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={4} placeholder="龙泓涧桥, 30.7321, 121.3412, 50" />
        </Form.Item>
        <Form.Item name="requiredCheckpoints" label={tx("至少打卡几个点", "Checkpoints required")}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
