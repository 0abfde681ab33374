import {
  Alert,
  Button,
  Checkbox,
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
import { newCommandId, useConsoleAction } from "./console-kit";
import { useGateway } from "./gateway";
import { amenityName, localized, standardAmenities } from "./labels";

const days = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
type Day = (typeof days)[number];
type Amenity = (typeof standardAmenities)[number];
type Hours =
  | { kind: "around-the-clock" }
  | { kind: "weekly"; days: Partial<Record<Day, { from: string; to: string }[]>> };

const dayNames: Record<Day, readonly [string, string]> = {
  monday: ["周一", "Monday"],
  tuesday: ["周二", "Tuesday"],
  wednesday: ["周三", "Wednesday"],
  thursday: ["周四", "Thursday"],
  friday: ["周五", "Friday"],
  saturday: ["周六", "Saturday"],
  sunday: ["周日", "Sunday"],
};

interface StationValues {
  readonly nameZh?: string;
  readonly nameEn?: string;
  readonly addressZh?: string;
  readonly addressEn?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly aroundTheClock: boolean;
  readonly hours: Partial<Record<Day, string>>;
  readonly standard: ReadonlyArray<Amenity>;
  readonly others: ReadonlyArray<string>;
  readonly contactPhone?: string;
}

/** `09:00-21:00, 22:00-23:00` as opening periods; empty means closed that day. */
const periodsOf = (text: string | undefined): { from: string; to: string }[] =>
  (text ?? "")
    .split(/[,，;；]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [from = "", to = ""] = part.split(/\s*[-–~至]\s*/);
      return { from, to };
    });

const hoursOf = (values: StationValues): Hours =>
  values.aroundTheClock
    ? { kind: "around-the-clock" }
    : {
        kind: "weekly",
        days: Object.fromEntries(days.map((day) => [day, periodsOf(values.hours[day])])),
      };

const hoursText = (hours: Hours, language: "zh-CN" | "en"): string =>
  hours.kind === "around-the-clock"
    ? language === "zh-CN"
      ? "24 小时"
      : "Around the clock"
    : days
        .map((day) => {
          const periods = hours.days[day] ?? [];
          const name = dayNames[day][language === "zh-CN" ? 0 : 1];
          return `${name} ${periods.length === 0 ? (language === "zh-CN" ? "休息" : "closed") : periods.map((period) => `${period.from}–${period.to}`).join(", ")}`;
        })
        .join("; ");

/** Stations: whether each is open now, its opening hours and amenities, edited in place; and a new station. */
export const StationsPage = () => {
  const { tx, language } = useGateway();
  const stations = useStations();
  const [editing, setEditing] = useState<string | "new" | undefined>();
  const station = stations.data?.items.find((candidate) => candidate.stationId === editing);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("服务站", "Stations")}</Typography.Title>
      <Space>
        <Button type="primary" onClick={() => setEditing("new")}>
          {tx("新建服务站", "Open a station")}
        </Button>
      </Space>
      {stations.error ? <Alert type="error" showIcon message={stations.error.message} /> : null}
      <Table
        rowKey="stationId"
        loading={stations.isLoading}
        dataSource={stations.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: tx("名称", "Name"),
            key: "name",
            render: (_, item) => localized(item.name, language),
          },
          {
            title: tx("地址", "Address"),
            key: "address",
            render: (_, item) => localized(item.address, language),
          },
          {
            title: tx("现在", "Now"),
            dataIndex: "openNow",
            render: (open: boolean) => (
              <Tag color={open ? "green" : "default"}>
                {open ? tx("开放中", "Open") : tx("未开放", "Closed")}
              </Tag>
            ),
          },
          {
            title: tx("开放时间", "Opening hours"),
            key: "hours",
            render: (_, item) => hoursText(item.openingHours as Hours, language),
          },
          {
            title: tx("设施", "Amenities"),
            key: "amenities",
            render: (_, item) => (
              <Space size={4} wrap>
                {[
                  ...(item.amenities.standard ?? []).map((amenity) =>
                    amenityName(amenity, language),
                  ),
                  ...(item.amenities.others ?? []),
                ].map((name) => (
                  <Tag key={name}>{name}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, item) => (
              <Button onClick={() => setEditing(item.stationId)}>{tx("编辑", "Edit")}</Button>
            ),
          },
        ]}
      />
      {editing === undefined ? null : (
        <StationModal
          key={editing}
          stationId={editing === "new" ? undefined : editing}
          initial={
            station === undefined
              ? { aroundTheClock: false, hours: {}, standard: [], others: [] }
              : {
                  aroundTheClock: station.openingHours.kind === "around-the-clock",
                  hours:
                    station.openingHours.kind === "weekly"
                      ? Object.fromEntries(
                          days.map((day) => [
                            day,
                            (
                              (station.openingHours as Extract<Hours, { kind: "weekly" }>).days[
                                day
                              ] ?? []
                            )
                              .map((period) => `${period.from}-${period.to}`)
                              .join(", "),
                          ]),
                        )
                      : {},
                  standard: station.amenities.standard ?? [],
                  others: station.amenities.others ?? [],
                  ...(station.contactPhone ? { contactPhone: station.contactPhone } : {}),
                }
          }
          onClose={() => setEditing(undefined)}
        />
      )}
    </Space>
  );
};

const StationModal = (props: {
  readonly stationId: string | undefined;
  readonly initial: StationValues;
  readonly onClose: () => void;
}) => {
  const { client, community, tx, language } = useGateway();
  const [form] = Form.useForm<StationValues>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [newStationId] = useState(newCommandId);
  const action = useConsoleAction(["stations"]);
  const creating = props.stationId === undefined;
  const submit = (values: StationValues) => {
    setRefusal(undefined);
    const amenities = { standard: [...values.standard], others: [...values.others] };
    const phone = values.contactPhone ? { contactPhone: values.contactPhone } : {};
    action.mutate(
      (key) =>
        props.stationId === undefined
          ? client.POST("/v1/communities/{community}/stations", {
              params: { path: { community }, header: { "Idempotency-Key": key } },
              body: {
                stationId: newStationId,
                name: { "zh-CN": values.nameZh ?? "", en: values.nameEn ?? "" },
                address: { "zh-CN": values.addressZh ?? "", en: values.addressEn ?? "" },
                location: { latitude: values.latitude ?? 0, longitude: values.longitude ?? 0 },
                openingHours: hoursOf(values),
                amenities,
                ...phone,
              },
            })
          : client.POST("/v1/communities/{community}/stations/{stationId}/details", {
              params: {
                path: { community, stationId: props.stationId },
                header: { "Idempotency-Key": key },
              },
              body: {
                stationId: props.stationId,
                openingHours: hoursOf(values),
                amenities,
                ...phone,
              },
            }),
      { onSuccess: props.onClose, onError: (error) => setRefusal(error.message) },
    );
  };
  return (
    <Modal
      open
      title={
        creating
          ? tx("新建服务站", "Open a station")
          : tx("开放时间与设施", "Opening hours and amenities")
      }
      okText={tx("保存", "Save")}
      cancelText={tx("取消", "Cancel")}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      width={640}
    >
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Form form={form} layout="vertical" initialValues={props.initial} onFinish={submit}>
        {creating ? (
          <>
            <Space wrap>
              <Form.Item
                name="nameZh"
                label={tx("名称（中文）", "Name (Chinese)")}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="nameEn"
                label={tx("名称（英文）", "Name (English)")}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
            </Space>
            <Space wrap>
              <Form.Item
                name="addressZh"
                label={tx("地址（中文）", "Address (Chinese)")}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="addressEn"
                label={tx("地址（英文）", "Address (English)")}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
            </Space>
            <Space wrap>
              <Form.Item
                name="latitude"
                label={tx("纬度", "Latitude")}
                rules={[{ required: true }]}
              >
                <InputNumber min={-90} max={90} step={0.0001} />
              </Form.Item>
              <Form.Item
                name="longitude"
                label={tx("经度", "Longitude")}
                rules={[{ required: true }]}
              >
                <InputNumber min={-180} max={180} step={0.0001} />
              </Form.Item>
            </Space>
          </>
        ) : null}
        <Form.Item name="aroundTheClock" valuePropName="checked">
          <Checkbox>{tx("24 小时开放", "Open around the clock")}</Checkbox>
        </Form.Item>
        <Form.Item
          noStyle
          shouldUpdate={(before, after) => before.aroundTheClock !== after.aroundTheClock}
        >
          {({ getFieldValue }) =>
            getFieldValue("aroundTheClock") === true ? null : (
              <Space wrap>
                {days.map((day) => (
                  <Form.Item
                    key={day}
                    name={["hours", day]}
                    label={dayNames[day][language === "zh-CN" ? 0 : 1]}
                    tooltip={tx("如 09:00-21:00，空为休息", "e.g. 09:00-21:00; empty for closed")}
                  >
                    <Input placeholder="09:00-21:00" style={{ width: 150 }} />
                  </Form.Item>
                ))}
              </Space>
            )
          }
        </Form.Item>
        <Form.Item name="standard" label={tx("设施", "Amenities")}>
          <Checkbox.Group
            options={standardAmenities.map((amenity) => ({
              value: amenity,
              label: amenityName(amenity, language),
            }))}
          />
        </Form.Item>
        <Form.Item name="others" label={tx("其他设施", "Other amenities")}>
          <Select mode="tags" open={false} placeholder={tx("输入后回车", "Type and press Enter")} />
        </Form.Item>
        <Form.Item name="contactPhone" label={tx("联系电话", "Contact phone")}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
};
