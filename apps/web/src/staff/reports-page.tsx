import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { dataOf, useConsoleAction, useDateFormat } from "./console-kit";
import { useGateway } from "./gateway";
import { localized, reportStatusName } from "./labels";
import { ReasonModal } from "./verification-page";

const statuses = [
  "submitted",
  "accepted",
  "in_progress",
  "resolved",
  "reopened",
  "closed",
  "rejected",
] as const;
type Status = (typeof statuses)[number];
const isStatus = (value: string | null): value is Status =>
  statuses.some((status) => status === value);

type Step = "accept" | "work" | "note" | "resolve" | "reject";

/**
 * The report inbox (民情前哨): overdue first, then the oldest; route (accept, which sends
 * the report to its category's handler), start work, status notes, resolve, reject, and
 * merge a duplicate into its original. The status filter is kept in the address bar.
 */
export const ReportsPage = () => {
  const { client, community, tx, language } = useGateway();
  const formatDate = useDateFormat();
  const [search, setSearch] = useSearchParams();
  const filter = search.get("status");
  const status = isStatus(filter) ? filter : undefined;
  const [step, setStep] = useState<{ step: Step; reportId: string } | undefined>();
  const [merging, setMerging] = useState<string | undefined>();
  const reports = useQuery({
    queryKey: ["reports", community, status],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/reports", {
          params: { path: { community }, query: { limit: 100, ...(status ? { status } : {}) } },
        }),
      ),
  });
  const action = useConsoleAction(["reports", "navigation-counts"]);
  const items = [...(reports.data?.items ?? [])].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      b.overdueMillis - a.overdueMillis ||
      a.submittedAt.localeCompare(b.submittedAt),
  );
  const send = (reportId: string, chosen: Step, note: string) => {
    const path = { community, reportId };
    action.mutate((key) => {
      const params = { path, header: { "Idempotency-Key": key } };
      switch (chosen) {
        case "accept":
          return client.POST("/v1/communities/{community}/reports/{reportId}/acceptance", {
            params,
            body: { note },
          });
        case "work":
          return client.POST("/v1/communities/{community}/reports/{reportId}/work", {
            params,
            body: { note },
          });
        case "note":
          return client.POST("/v1/communities/{community}/reports/{reportId}/notes", {
            params,
            body: { note },
          });
        case "resolve":
          return client.POST("/v1/communities/{community}/reports/{reportId}/resolution", {
            params,
            body: { note },
          });
        case "reject":
          return client.POST("/v1/communities/{community}/reports/{reportId}/rejection", {
            params,
            body: { note },
          });
      }
    });
  };
  const stepTitle: Record<Step, string> = {
    accept: tx("受理并派单：给处置人的说明", "Route: a note for the handler"),
    work: tx("开始处置：说明", "Start work: a note"),
    note: tx("进展说明（小哥会看到）", "Status note (the courier sees it)"),
    resolve: tx("已解决：做了什么", "Resolved: what was done"),
    reject: tx("不受理的原因", "Why it is rejected"),
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("民情前哨 · 问题上报", "Report inbox")}</Typography.Title>
      <Space wrap>
        <label htmlFor="report-status-filter">{tx("状态", "Status")}</label>
        <Select
          id="report-status-filter"
          style={{ minWidth: 160 }}
          allowClear
          value={status}
          placeholder={tx("全部", "All")}
          onChange={(value?: Status) => {
            const next = new URLSearchParams(search);
            if (value === undefined) next.delete("status");
            else next.set("status", value);
            setSearch(next);
          }}
          options={statuses.map((value) => ({ value, label: reportStatusName(value, language) }))}
        />
      </Space>
      {reports.error ? <Alert type="error" showIcon message={reports.error.message} /> : null}
      <Table
        rowKey="reportId"
        loading={reports.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: tx("没有需要处理的上报", "No reports to handle") }}
        columns={[
          {
            title: tx("类别", "Category"),
            key: "category",
            render: (_, report) => localized(report.categoryName, language),
          },
          { title: tx("描述", "Description"), dataIndex: "description" },
          {
            title: tx("位置", "Location"),
            key: "location",
            render: (_, report) => report.location.address,
          },
          {
            title: tx("状态", "Status"),
            key: "status",
            render: (_, report) => (
              <Space size={4} wrap>
                <Tag>{reportStatusName(report.status, language)}</Tag>
                {report.overdue ? <Tag color="red">{tx("已超时", "Overdue")}</Tag> : null}
              </Space>
            ),
          },
          {
            title: tx("处置人", "Handler"),
            key: "handler",
            render: (_, report) =>
              report.handlerName ? localized(report.handlerName, language) : "—",
          },
          {
            title: tx("上报时间", "Submitted"),
            dataIndex: "submittedAt",
            render: (value: string) => formatDate(value),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            render: (_, report) => {
              const open = (chosen: Step) => () =>
                setStep({ step: chosen, reportId: report.reportId });
              const canRoute = report.status === "submitted" || report.status === "reopened";
              const active = report.status === "accepted" || report.status === "in_progress";
              return (
                <Space wrap>
                  {canRoute ? (
                    <Button type="primary" onClick={open("accept")}>
                      {tx("受理派单", "Route")}
                    </Button>
                  ) : null}
                  {report.status === "accepted" ? (
                    <Button onClick={open("work")}>{tx("开始处置", "Start work")}</Button>
                  ) : null}
                  {active ? (
                    <Button type="primary" onClick={open("resolve")}>
                      {tx("已解决", "Resolve")}
                    </Button>
                  ) : null}
                  {report.status !== "rejected" && report.status !== "closed" ? (
                    <Button onClick={open("note")}>{tx("进展说明", "Status note")}</Button>
                  ) : null}
                  {canRoute ? (
                    <>
                      <Button onClick={() => setMerging(report.reportId)}>
                        {tx("合并重复", "Merge duplicate")}
                      </Button>
                      <Button danger onClick={open("reject")}>
                        {tx("不受理", "Reject")}
                      </Button>
                    </>
                  ) : null}
                </Space>
              );
            },
          },
        ]}
      />
      <ReasonModal
        open={step !== undefined}
        title={step === undefined ? "" : stepTitle[step.step]}
        label={tx("说明", "Note")}
        onCancel={() => setStep(undefined)}
        onSubmit={(note) => {
          if (step !== undefined) send(step.reportId, step.step, note);
          setStep(undefined);
        }}
      />
      <MergeModal
        reportId={merging}
        candidates={items
          .filter((report) => report.reportId !== merging && report.status !== "rejected")
          .map((report) => ({
            value: report.reportId,
            label: `${localized(report.categoryName, language)} · ${report.location.address} · ${report.description}`,
          }))}
        onClose={() => setMerging(undefined)}
        onMerge={(reportId, originalReportId) =>
          action.mutate((key) =>
            client.POST("/v1/communities/{community}/reports/{reportId}/duplicate-of", {
              params: { path: { community, reportId }, header: { "Idempotency-Key": key } },
              body: { originalReportId },
            }),
          )
        }
      />
    </Space>
  );
};

const MergeModal = (props: {
  readonly reportId: string | undefined;
  readonly candidates: ReadonlyArray<{ value: string; label: string }>;
  readonly onClose: () => void;
  readonly onMerge: (reportId: string, originalReportId: string) => void;
}) => {
  const { tx } = useGateway();
  const [form] = Form.useForm<{ original: string }>();
  return (
    <Modal
      open={props.reportId !== undefined}
      title={tx("合并到哪一条原始上报？", "Merge into which original report?")}
      okText={tx("合并", "Merge")}
      cancelText={tx("取消", "Cancel")}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (props.reportId !== undefined) props.onMerge(props.reportId, values.original);
          props.onClose();
        }}
      >
        <Form.Item
          name="original"
          label={tx("原始上报", "Original report")}
          rules={[{ required: true }]}
        >
          <Select options={[...props.candidates]} showSearch optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
