import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { QRCodeSVG } from "qrcode.react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { dataOf, newCommandId, useConsoleAction, useDateFormat } from "./console-kit";
import { useGateway } from "./gateway";
import { activityKindName, activityStatusName, localized, rosterStatusName } from "./labels";

const kinds = [
  "volunteering",
  "learning-session",
  "community-event",
  "merchant-event",
  "wish-lighting",
] as const;
type Kind = (typeof kinds)[number];

interface PlanValues {
  readonly title: string;
  readonly description?: string;
  readonly kind: Kind;
  readonly stationId: string;
  readonly place: string;
  readonly startsAt: Dayjs;
  readonly endsAt: Dayjs;
  readonly capacity?: number;
  readonly signUpRequired: boolean;
  readonly volunteerHours: number;
  readonly peakHoursReason?: string;
}

/** The stations of the community, for pickers. */
export const useStations = () => {
  const { client, community } = useGateway();
  return useQuery({
    queryKey: ["stations", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/stations", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
};

/**
 * The day and minute a picker shows (`2026-12-05 14:00`), as an instant in Shanghai's time:
 * the picker's own time zone is the browser's, so only its wall-clock fields are read.
 */
const shanghaiInstant = (picked: Dayjs): string =>
  new Date(`${picked.format("YYYY-MM-DDTHH:mm")}:00+08:00`).toISOString();

/** How the plan's pickers show a start or an end: the same in both languages. */
const minuteFormat = "YYYY-MM-DD HH:mm";

/** The statuses staff may narrow a month's activities to. */
const statuses = ["draft", "published", "started", "completed", "cancelled"] as const;
type Status = (typeof statuses)[number];

/** This month in Shanghai, `YYYY-MM`: the month the record shows first. */
const thisMonth = (): string =>
  new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 7);

/** The cursor in a page's `next` link (the request's own address with `after` set). */
const cursorOf = (next: string | undefined): string | undefined =>
  next === undefined
    ? undefined
    : (new URL(next, window.location.origin).searchParams.get("after") ?? undefined);

/**
 * Activities: plan (with the delivery-peak refusal and its override), publish, start,
 * show the check-in code and its QR code full screen, the roster with bulk attendance,
 * walk-ins, and completion; below, the record of a month, past activities with their
 * status. The open activity, the month and the status are kept in the address bar
 * (`?activity=`, `?month=`, `?status=`).
 */
/** An activity as the lists show it. */
interface ListedActivity {
  readonly activityId: string;
  readonly status: string;
  readonly details: {
    readonly title: string;
    readonly kind: string;
    readonly startsAt: string;
    readonly endsAt: string;
  };
}

/**
 * The columns both activity lists start with: the title (opening the activity), its
 * kind, status and start, in the page's language.
 */
const useListedColumns = () => {
  const { tx, language } = useGateway();
  const formatDate = useDateFormat();
  return (onOpen: (activityId: string) => void): TableColumnsType<ListedActivity> => [
    {
      title: tx("活动", "Activity"),
      key: "title",
      render: (_, activity) => (
        <Button type="link" onClick={() => onOpen(activity.activityId)}>
          {activity.details.title}
        </Button>
      ),
    },
    {
      title: tx("类型", "Kind"),
      key: "kind",
      render: (_, activity) => activityKindName(activity.details.kind, language),
    },
    {
      title: tx("状态", "Status"),
      dataIndex: "status",
      render: (status: string) => <Tag>{activityStatusName(status, language)}</Tag>,
    },
    {
      title: tx("开始", "Starts"),
      key: "startsAt",
      render: (_, activity) => formatDate(activity.details.startsAt),
    },
  ];
};

export const ActivitiesPage = () => {
  const { client, community, tx, language } = useGateway();
  const listedColumns = useListedColumns();
  const [search, setSearch] = useSearchParams();
  const [planning, setPlanning] = useState(false);
  const stations = useStations();
  const activities = useQuery({
    queryKey: ["activities", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/activities", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const open = search.get("activity") ?? undefined;
  const setOpen = (activityId: string | undefined) => {
    const next = new URLSearchParams(search);
    if (activityId === undefined) next.delete("activity");
    else next.set("activity", activityId);
    setSearch(next);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("活动", "Activities")}</Typography.Title>
      <Space>
        <Button type="primary" onClick={() => setPlanning(true)}>
          {tx("策划活动", "Plan an activity")}
        </Button>
      </Space>
      {activities.error ? <Alert type="error" showIcon message={activities.error.message} /> : null}
      <Table
        rowKey="activityId"
        loading={activities.isLoading}
        dataSource={activities.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        // The list holds activities not yet over: "none yet" would be wrong on a station
        // with a history, which the month's record below shows.
        locale={{
          emptyText: tx(
            "没有未结束的活动。策划一个新活动吧；往期活动见下方按月查看。",
            "No activity that is not over. Plan a new one; past ones are listed by month below.",
          ),
        }}
        columns={[
          ...listedColumns(setOpen),
          {
            title: tx("余位", "Places left"),
            dataIndex: "placesLeft",
            render: (value?: number) => value ?? "—",
          },
        ]}
      />
      <MonthOfActivities onOpen={setOpen} />
      <PlanActivityModal
        open={planning}
        stations={(stations.data?.items ?? []).map((station) => ({
          value: station.stationId,
          label: localized(station.name, language),
        }))}
        onClose={(activityId) => {
          setPlanning(false);
          if (activityId !== undefined) setOpen(activityId);
        }}
      />
      {open === undefined ? null : (
        <ActivityDrawer activityId={open} onClose={() => setOpen(undefined)} />
      )}
    </Space>
  );
};

/**
 * The record of a month: every activity starting in it (drafts, completed and cancelled
 * ones too), latest first, in a status or all, a page at a time.
 */
const MonthOfActivities = (props: { readonly onOpen: (activityId: string) => void }) => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const listedColumns = useListedColumns();
  const [search, setSearch] = useSearchParams();
  const month = search.get("month") ?? thisMonth();
  const shownMonth = dayjs(`${month}-01`);
  const [year = 2026, monthNumber = 1] = month.split("-").map(Number);
  const chosen = search.get("status") ?? undefined;
  const status = statuses.find((each) => each === chosen);
  const setParameter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value === undefined || value === "") next.delete(name);
    else next.set(name, value);
    setSearch(next);
  };
  const pages = useInfiniteQuery({
    queryKey: ["activities", community, "month", month, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      dataOf(
        client.GET("/v1/communities/{community}/activity-months/{year}/{month}", {
          params: {
            path: { community, year, month: monthNumber },
            query: {
              limit: 50,
              ...(status === undefined ? {} : { status }),
              ...(pageParam === undefined ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (page) => cursorOf(page.next),
  });
  const heading = tx("按月查看", "By month");
  return (
    <section aria-label={heading}>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Title level={3}>{heading}</Typography.Title>
        <Space wrap align="end">
          <Space orientation="vertical" size={2}>
            <label htmlFor="activities-month">{tx("月份", "Month")}</label>
            <DatePicker
              id="activities-month"
              picker="month"
              allowClear={false}
              format={language === "zh-CN" ? "YYYY年M月" : "MMM YYYY"}
              value={shownMonth.isValid() ? shownMonth : null}
              onChange={(picked: Dayjs | null) => setParameter("month", picked?.format("YYYY-MM"))}
            />
          </Space>
          <Space orientation="vertical" size={2}>
            <label htmlFor="activities-status">{tx("状态", "Status")}</label>
            <Select
              id="activities-status"
              style={{ minWidth: 160 }}
              allowClear
              placeholder={tx("全部状态", "Every status")}
              value={status}
              onChange={(value?: Status) => setParameter("status", value)}
              options={statuses.map((each) => ({
                value: each,
                label: activityStatusName(each, language),
              }))}
            />
          </Space>
        </Space>
        {pages.error ? <Alert type="error" showIcon message={pages.error.message} /> : null}
        <Table
          rowKey="activityId"
          loading={pages.isLoading}
          dataSource={(pages.data?.pages ?? []).flatMap((page) => page.items)}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: tx("这个月没有活动", "No activity in this month") }}
          columns={[
            ...listedColumns(props.onOpen),
            {
              title: tx("结束", "Ends"),
              key: "endsAt",
              render: (_, activity) => formatDate(activity.details.endsAt),
            },
          ]}
        />
        {pages.hasNextPage ? (
          <Button loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {tx("更多", "More")}
          </Button>
        ) : null}
      </Space>
    </section>
  );
};

const PlanActivityModal = (props: {
  readonly open: boolean;
  readonly stations: ReadonlyArray<{ value: string; label: string }>;
  readonly onClose: (activityId?: string) => void;
}) => {
  const { client, community, tx, language } = useGateway();
  const [form] = Form.useForm<PlanValues>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [activityId] = useState(newCommandId);
  const action = useConsoleAction(["activities"]);
  const submit = (values: PlanValues) => {
    setRefusal(undefined);
    action.mutate(
      (key) =>
        client.POST("/v1/communities/{community}/activities", {
          params: { path: { community }, header: { "Idempotency-Key": key } },
          body: {
            activityId,
            details: {
              title: values.title,
              ...(values.description ? { description: values.description } : {}),
              kind: values.kind,
              organiser: { kind: "station", stationId: values.stationId },
              stationId: values.stationId,
              place: { description: values.place },
              startsAt: shanghaiInstant(values.startsAt),
              endsAt: shanghaiInstant(values.endsAt),
              ...(values.capacity ? { capacity: values.capacity } : {}),
              signUpRequired: values.signUpRequired,
              volunteerHours: values.volunteerHours,
            },
            ...(values.peakHoursReason
              ? { peakHoursOverride: { reason: values.peakHoursReason } }
              : {}),
          },
        }),
      {
        onSuccess: () => {
          form.resetFields();
          props.onClose(activityId);
        },
        onError: (error) => setRefusal(error.message),
      },
    );
  };
  return (
    <Modal
      open={props.open}
      title={tx("策划活动", "Plan an activity")}
      okText={tx("保存为草稿", "Save as draft")}
      cancelText={tx("取消", "Cancel")}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={() => props.onClose()}
      width={640}
    >
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: "volunteering", signUpRequired: true, volunteerHours: 2 }}
      >
        <Form.Item
          name="title"
          label={tx("标题", "Title")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="description" label={tx("说明", "Description")}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="kind" label={tx("类型", "Kind")} rules={[{ required: true }]}>
          <Select
            options={kinds.map((kind) => ({
              value: kind,
              label: activityKindName(kind, language),
            }))}
          />
        </Form.Item>
        <Form.Item name="stationId" label={tx("服务站", "Station")} rules={[{ required: true }]}>
          <Select options={[...props.stations]} />
        </Form.Item>
        <Form.Item
          name="place"
          label={tx("地点", "Place")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="startsAt"
            label={tx("开始时间", "Starts at")}
            rules={[{ required: true }]}
          >
            <DatePicker showTime={{ format: "HH:mm" }} format={minuteFormat} />
          </Form.Item>
          <Form.Item name="endsAt" label={tx("结束时间", "Ends at")} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: "HH:mm" }} format={minuteFormat} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="capacity" label={tx("名额（空为不限）", "Places (empty: no limit)")}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="volunteerHours"
            label={tx("志愿时长（小时）", "Volunteer hours")}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item name="signUpRequired" valuePropName="checked">
          <Checkbox>{tx("需要报名", "Sign-up required")}</Checkbox>
        </Form.Item>
        <Form.Item
          name="peakHoursReason"
          label={tx(
            "在送餐高峰时段举办的理由（仅在被提醒时填写）",
            "Why it is held in delivery peak hours (only when warned)",
          )}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/**
 * What the check-in QR code holds: the courier page's check-in address with the activity,
 * its code and the community (which a phone that has never signed in needs to sign in to).
 */
export const checkInLink = (community: string, activityId: string, code: string): string =>
  `${window.location.origin}/check-in?${new URLSearchParams({ activity: activityId, code, community })}`;

/** At a 点亮微心愿 event: the wishes linked to it, handed over in bulk. */
const EventWishes = (props: { readonly activityId: string }) => {
  const { client, community, tx, language } = useGateway();
  const [selected, setSelected] = useState<string[]>([]);
  const wishes = useQuery({
    queryKey: ["activity-wishes", community, props.activityId],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/activities/{activityId}/wishes", {
          params: { path: { community, activityId: props.activityId }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["activity-wishes"]);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4}>{tx("活动上的心愿", "Wishes at this event")}</Typography.Title>
      <Button
        disabled={selected.length === 0}
        onClick={() => {
          action.mutate((key) =>
            client.POST("/v1/communities/{community}/activities/{activityId}/wish-hand-overs", {
              params: {
                path: { community, activityId: props.activityId },
                header: { "Idempotency-Key": key },
              },
              body: { wishIds: selected },
            }),
          );
          setSelected([]);
        }}
      >
        {tx(`选中的 ${selected.length} 个心愿已转交`, `Hand over ${selected.length} selected`)}
      </Button>
      <Table
        rowKey="wishId"
        size="small"
        pagination={false}
        dataSource={wishes.data?.items ?? []}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
        }}
        locale={{ emptyText: tx("没有关联的心愿", "No wishes linked") }}
        columns={[
          { title: tx("心愿", "Wish"), dataIndex: "title" },
          {
            title: tx("状态", "Status"),
            key: "status",
            render: (_, wish) => <Tag>{localized(wish.statusName, language)}</Tag>,
          },
        ]}
      />
    </Space>
  );
};

const ActivityDrawer = (props: { readonly activityId: string; readonly onClose: () => void }) => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const [fullScreen, setFullScreen] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [walkIns, setWalkIns] = useState("");
  const { activityId } = props;
  const activity = useQuery({
    queryKey: ["activity", community, activityId],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/activities/{activityId}", {
          params: { path: { community, activityId } },
        }),
      ),
  });
  const action = useConsoleAction(["activity", "activities"]);
  const path = { community, activityId };
  const view = activity.data?.view === "staff" ? activity.data : undefined;
  const code = view?.checkInCodes?.current;
  const rotateCode = () =>
    action.mutate((key) =>
      client.POST("/v1/communities/{community}/activities/{activityId}/check-in-code", {
        params: { path, header: { "Idempotency-Key": key } },
        body: {},
      }),
    );
  return (
    <Drawer
      open
      width={720}
      onClose={props.onClose}
      title={view?.details.title ?? tx("活动", "Activity")}
    >
      {activity.error ? <Alert type="error" showIcon message={activity.error.message} /> : null}
      {view === undefined ? null : (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={tx("状态", "Status")}>
              {activityStatusName(view.status, language)}
            </Descriptions.Item>
            <Descriptions.Item label={tx("类型", "Kind")}>
              {activityKindName(view.details.kind, language)}
            </Descriptions.Item>
            <Descriptions.Item label={tx("时间", "When")}>
              {formatDate(view.details.startsAt)} – {formatDate(view.details.endsAt)}
            </Descriptions.Item>
            <Descriptions.Item label={tx("地点", "Place")}>
              {view.details.place.description}
            </Descriptions.Item>
            <Descriptions.Item label={tx("报名 / 到场 / 确认", "Signed up / attended / confirmed")}>
              {view.summary.signedUp} / {view.summary.attended} / {view.summary.confirmed}
            </Descriptions.Item>
            <Descriptions.Item label={tx("签到码", "Check-in code")}>
              {code === undefined ? (
                view.status === "started" ? (
                  <Button onClick={rotateCode}>{tx("生成签到码", "Make the check-in code")}</Button>
                ) : (
                  tx("活动开始时生成", "Made when the activity starts")
                )
              ) : (
                <Space>
                  <Typography.Text
                    strong
                    style={{ fontSize: 24, letterSpacing: 4 }}
                    data-testid="check-in-code"
                  >
                    {code}
                  </Typography.Text>
                  <Button onClick={() => setFullScreen(true)}>
                    {tx("全屏显示二维码", "Show QR code full screen")}
                  </Button>
                  <Button onClick={rotateCode}>{tx("换一个签到码", "New code")}</Button>
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {view.status === "draft" ? (
              <Button
                type="primary"
                onClick={() =>
                  action.mutate((key) =>
                    client.POST("/v1/communities/{community}/activities/{activityId}/publication", {
                      params: { path, header: { "Idempotency-Key": key } },
                      body: {},
                    }),
                  )
                }
              >
                {tx("发布", "Publish")}
              </Button>
            ) : null}
            {view.status === "published" ? (
              <Button
                onClick={() =>
                  action.mutate((key) =>
                    client.POST("/v1/communities/{community}/activities/{activityId}/start", {
                      params: { path, header: { "Idempotency-Key": key } },
                      body: {},
                    }),
                  )
                }
              >
                {tx("开始活动", "Start")}
              </Button>
            ) : null}
            {view.status === "published" || view.status === "started" ? (
              <Button
                onClick={() =>
                  Modal.confirm({
                    title: tx("结束活动并发放积分？", "Complete the activity and award points?"),
                    content: tx("结束后不能再签到。", "Nobody can check in afterwards."),
                    okText: tx("结束活动", "Complete"),
                    cancelText: tx("取消", "Cancel"),
                    onOk: () =>
                      action.mutate((key) =>
                        client.POST(
                          "/v1/communities/{community}/activities/{activityId}/completion",
                          {
                            params: { path, header: { "Idempotency-Key": key } },
                            body: {},
                          },
                        ),
                      ),
                  })
                }
              >
                {tx("结束活动", "Complete")}
              </Button>
            ) : null}
          </Space>
          <Typography.Title level={4}>{tx("名单", "Roster")}</Typography.Title>
          <Space wrap>
            <Button
              disabled={selected.length === 0}
              onClick={() => {
                action.mutate((key) =>
                  client.POST("/v1/communities/{community}/activities/{activityId}/attendance", {
                    params: { path, header: { "Idempotency-Key": key } },
                    body: { courierIds: selected },
                  }),
                );
                setSelected([]);
              }}
            >
              {tx(
                `确认选中的 ${selected.length} 人到场`,
                `Confirm attendance of ${selected.length}`,
              )}
            </Button>
          </Space>
          <Table
            rowKey="courierId"
            size="small"
            dataSource={view.roster}
            pagination={false}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
            }}
            locale={{ emptyText: tx("还没有人报名", "Nobody has signed up yet") }}
            columns={[
              { title: tx("小哥编号", "Courier"), dataIndex: "courierId" },
              {
                title: tx("状态", "Status"),
                dataIndex: "status",
                render: (status: string) => rosterStatusName(status, language),
              },
              {
                title: tx("时长", "Hours"),
                dataIndex: "hours",
                render: (hours?: number) => hours ?? "—",
              },
            ]}
          />
          <Form
            layout="inline"
            onFinish={() => {
              const courierIds = walkIns
                .split(/[\s,，]+/)
                .map((id) => id.trim())
                .filter((id) => id.length > 0);
              if (courierIds.length === 0) return;
              action.mutate((key) =>
                client.POST("/v1/communities/{community}/activities/{activityId}/walk-ins", {
                  params: { path, header: { "Idempotency-Key": key } },
                  body: { courierIds },
                }),
              );
              setWalkIns("");
            }}
          >
            <Form.Item
              htmlFor="activity-walk-ins"
              label={tx(
                "现场参加（小哥编号，逗号分隔）",
                "Walk-ins (courier ids, comma-separated)",
              )}
            >
              <Input
                id="activity-walk-ins"
                value={walkIns}
                onChange={(event) => setWalkIns(event.target.value)}
              />
            </Form.Item>
            <Button htmlType="submit">{tx("记录现场参加", "Record walk-ins")}</Button>
          </Form>
          {view.details.kind === "wish-lighting" ? <EventWishes activityId={activityId} /> : null}
        </Space>
      )}
      {code === undefined || view === undefined ? null : (
        <Modal
          open={fullScreen}
          onCancel={() => setFullScreen(false)}
          footer={null}
          width="100vw"
          style={{ top: 0, maxWidth: "100vw", paddingBottom: 0 }}
          styles={{ body: { minHeight: "90vh" } }}
          title={view.details.title}
        >
          <div style={{ display: "flex", flexDirection: "column", alignItems: "center", gap: 24 }}>
            <QRCodeSVG
              value={checkInLink(community, activityId, code)}
              size={Math.min(window.innerWidth, window.innerHeight) * 0.6}
              title={tx("签到二维码", "Check-in QR code")}
              marginSize={2}
            />
            <Typography.Text style={{ fontSize: 64, letterSpacing: 16 }} strong>
              {code}
            </Typography.Text>
            <Typography.Text style={{ fontSize: 24 }}>
              {tx("扫码或输入签到码签到", "Scan or type the code to check in")}
            </Typography.Text>
          </div>
        </Modal>
      )}
    </Drawer>
  );
};
