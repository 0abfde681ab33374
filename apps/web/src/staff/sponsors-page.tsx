import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import {
  dataOf,
  newCommandId,
  problemMessage,
  useConsoleAction,
  useDateFormat,
  useMoneyFormat,
} from "./console-kit";
import { useGateway } from "./gateway";
import { localized } from "./labels";

interface SponsorValues {
  readonly displayName: string;
  readonly kind: "merchant" | "merchant-group" | "resident";
  readonly shopName?: string;
  readonly shopLocation?: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
  readonly login?: string;
  readonly password?: string;
}

/**
 * Sponsors (圆梦人): the register with what each fulfilled, a new sponsor with their
 * sign-in account, and each sponsor's claimed wishes, where staff record the hand-over.
 */
export const SponsorsPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatMoney = useMoneyFormat();
  const [registering, setRegistering] = useState(false);
  const sponsors = useQuery({
    queryKey: ["sponsors", community],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/sponsors", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("圆梦人", "Sponsors")}</Typography.Title>
      <Space>
        <Button type="primary" onClick={() => setRegistering(true)}>
          {tx("登记圆梦人", "Register a sponsor")}
        </Button>
      </Space>
      {sponsors.error ? <Alert type="error" showIcon message={sponsors.error.message} /> : null}
      <Table
        rowKey="sponsorId"
        loading={sponsors.isLoading}
        dataSource={sponsors.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("还没有圆梦人", "No sponsors yet") }}
        expandable={{
          expandedRowRender: (sponsor) => <SponsorClaims sponsorId={sponsor.sponsorId} />,
        }}
        columns={[
          { title: tx("名称", "Name"), dataIndex: "displayName" },
          {
            title: tx("类型", "Kind"),
            key: "kind",
            render: (_, sponsor) => localized(sponsor.kindName, language),
          },
          {
            title: tx("状态", "Status"),
            dataIndex: "active",
            render: (active: boolean) => (
              <Tag color={active ? "green" : "default"}>
                {active ? tx("有效", "Active") : tx("已停用", "Inactive")}
              </Tag>
            ),
          },
          { title: tx("实现心愿", "Wishes fulfilled"), dataIndex: "fulfilledCount" },
          {
            title: tx("价值", "Value"),
            dataIndex: "fulfilledValueFen",
            render: (fen: number) => formatMoney(fen),
          },
        ]}
      />
      <RegisterSponsorModal open={registering} onClose={() => setRegistering(false)} />
    </Space>
  );
};

const SponsorClaims = (props: { readonly sponsorId: string }) => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const claims = useQuery({
    queryKey: ["sponsor-claims", community, props.sponsorId],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/sponsors/{sponsorId}/claims", {
          params: { path: { community, sponsorId: props.sponsorId }, query: { limit: 100 } },
        }),
      ),
  });
  const action = useConsoleAction(["sponsor-claims", "sponsors"]);
  return (
    <Table
      rowKey="wishId"
      size="small"
      loading={claims.isLoading}
      dataSource={claims.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: tx("没有认领的心愿", "No claimed wishes") }}
      columns={[
        { title: tx("心愿", "Wish"), dataIndex: "title" },
        {
          title: tx("状态", "Status"),
          key: "status",
          render: (_, wish) => <Tag>{localized(wish.statusName, language)}</Tag>,
        },
        {
          title: tx("送达期限", "Hand over by"),
          key: "due",
          render: (_, wish) => formatDate(wish.pledge?.dueAt),
        },
        {
          title: tx("操作", "Actions"),
          key: "actions",
          render: (_, wish) =>
            wish.status === "claimed" ? (
              <Button
                type="primary"
                onClick={() =>
                  action.mutate((key) =>
                    client.POST("/v1/communities/{community}/wishes/{wishId}/fulfilment", {
                      params: {
                        path: { community, wishId: wish.wishId },
                        header: { "Idempotency-Key": key },
                      },
                      body: {},
                    }),
                  )
                }
              >
                {tx("确认已转交", "Record hand-over")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
};

const RegisterSponsorModal = (props: { readonly open: boolean; readonly onClose: () => void }) => {
  const { client, community, tx } = useGateway();
  const { message } = App.useApp();
  const [form] = Form.useForm<SponsorValues>();
  const [sponsorId] = useState(newCommandId);
  const [refusal, setRefusal] = useState<string | undefined>();
  const action = useConsoleAction(["sponsors"]);
  const submit = (values: SponsorValues) => {
    setRefusal(undefined);
    action.mutate(
      (key) =>
        client.POST("/v1/communities/{community}/sponsors", {
          params: { path: { community }, header: { "Idempotency-Key": key } },
          body: {
            sponsorId,
            kind: values.kind,
            displayName: values.displayName,
            ...(values.shopName && values.shopLocation
              ? { shop: { name: values.shopName, location: values.shopLocation } }
              : {}),
            ...(values.contactName && values.contactPhone
              ? { contact: { name: values.contactName, phone: values.contactPhone } }
              : {}),
          },
        }),
      {
        onError: (error) => setRefusal(error.message),
        onSuccess: async () => {
          if (values.login && values.password) {
            const { error, response } = await client.POST("/v1/communities/{community}/accounts", {
              params: { path: { community } },
              body: {
                login: values.login,
                password: values.password,
                role: "sponsor",
                subject: sponsorId,
              },
            });
            if (!response.ok) {
              setRefusal(problemMessage(error, response.status));
              return;
            }
            message.success(tx("已为圆梦人开通账号", "The sponsor's account is ready"));
          }
          form.resetFields();
          props.onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={props.open}
      title={tx("登记圆梦人", "Register a sponsor")}
      okText={tx("登记", "Register")}
      cancelText={tx("取消", "Cancel")}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      {refusal === undefined ? null : (
        <Alert type="error" showIcon message={refusal} role="alert" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: "merchant" }}>
        <Form.Item
          name="displayName"
          label={tx("名称（心愿墙上显示）", "Name (shown on the wall)")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={tx("类型", "Kind")} rules={[{ required: true }]}>
          <Select
            options={[
              { value: "merchant", label: tx("商户", "Merchant") },
              { value: "merchant-group", label: tx("商户联盟", "Merchant group") },
              { value: "resident", label: tx("居民", "Resident") },
            ]}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="shopName" label={tx("店铺", "Shop")}>
            <Input />
          </Form.Item>
          <Form.Item name="shopLocation" label={tx("店铺位置", "Shop location")}>
            <Input />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="contactName" label={tx("联系人", "Contact")}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={tx("联系电话", "Phone")}>
            <Input />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="login" label={tx("登录名（可选）", "Sign-in name (optional)")}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={tx("初始密码", "First password")}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
};
