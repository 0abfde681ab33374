import { UploadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Progress, Select, Space, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useStations } from "./activities-page";
import { dataOf, newCommandId, problemMessage } from "./console-kit";
import { useGateway } from "./gateway";
import { localized, platformName } from "./labels";

const platforms = ["meituan", "eleme", "dingdong", "sf", "jd", "other"] as const;
type Platform = (typeof platforms)[number];

/** Base64 pieces of at most this many characters: under the gateway's 1 MiB body limit with room to spare. */
const partCharacters = 600_000;
/** Each string in a part's content, so no single JSON string is huge. */
const chunkCharacters = 60_000;

const base64Of = async (file: File): Promise<string> => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
};

const chunks = (text: string, size: number): string[] => {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size)
    pieces.push(text.slice(index, index + size));
  return pieces.length === 0 ? [""] : pieces;
};

/** The first lines of a CSV file as cells, for the preview before sending (quotes honoured, no multi-line cells). */
const csvPreview = async (file: File, lines: number): Promise<string[][]> => {
  const text = (await file.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, "");
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .slice(0, lines)
    .map((line) => {
      const cells: string[] = [];
      let cell = "";
      let quoted = false;
      for (let index = 0; index < line.length; index += 1) {
        const character = line[index];
        if (character === '"' && quoted && line[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else if (character === '"') quoted = !quoted;
        else if (character === "," && !quoted) {
          cells.push(cell);
          cell = "";
        } else cell += character;
      }
      cells.push(cell);
      return cells;
    });
};

/**
 * The roster import: a platform's or a station's roster as CSV or .xlsx, a preview of its
 * first rows before sending, then the import's progress and each refused row with its
 * problems in the page's language. The import being watched is kept in the address bar.
 */
export const RosterImportPage = () => {
  const { client, community, tx, language } = useGateway();
  const stations = useStations();
  const [search, setSearch] = useSearchParams();
  const importId = search.get("import") ?? undefined;
  const [file, setFile] = useState<File | undefined>();
  const [preview, setPreview] = useState<string[][]>([]);
  const [source, setSource] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const progress = useQuery({
    queryKey: ["roster-import", community, importId],
    enabled: importId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === "completed" ? false : 1000),
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/roster-imports/{importId}", {
          params: { path: { community, importId: importId ?? "" } },
        }),
      ),
  });
  const refused = useQuery({
    queryKey: ["roster-import-rows", community, importId, progress.data?.rowsDone],
    enabled: importId !== undefined && progress.data !== undefined,
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/roster-imports/{importId}/rows", {
          params: {
            path: { community, importId: importId ?? "" },
            query: { outcome: "refused", limit: 100 },
          },
        }),
      ),
  });
  const choose = async (chosen: File) => {
    setFile(chosen);
    setRefusal(undefined);
    setPreview(chosen.name.toLowerCase().endsWith(".csv") ? await csvPreview(chosen, 6) : []);
  };
  const send = async () => {
    if (file === undefined || source === undefined) return;
    setSending(true);
    setRefusal(undefined);
    try {
      const format = file.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
      const roster = platforms.some((platform) => `platform:${platform}` === source)
        ? { kind: "platform" as const, platform: source.slice("platform:".length) as Platform }
        : { kind: "station" as const, stationId: source.slice("station:".length) };
      const content = await base64Of(file);
      const parts = chunks(content, partCharacters);
      const id = newCommandId();
      if (parts.length > 1) {
        for (const [index, part] of parts.entries()) {
          const { error, response } = await client.POST(
            "/v1/communities/{community}/roster-imports/{importId}/parts",
            {
              params: {
                path: { community, importId: id },
                header: { "Idempotency-Key": `${id}-part-${index + 1}` },
              },
              body: { part: index + 1, content: chunks(part, chunkCharacters) },
            },
          );
          if (!response.ok) {
            setRefusal(problemMessage(error, response.status));
            return;
          }
        }
      }
      const { error, response } = await client.POST("/v1/communities/{community}/roster-imports", {
        params: { path: { community }, header: { "Idempotency-Key": id } },
        body: {
          importId: id,
          roster,
          format,
          fileName: file.name.slice(0, 200),
          file:
            parts.length > 1
              ? { kind: "parts", parts: parts.length }
              : { kind: "inline", content: chunks(content, chunkCharacters) },
        },
      });
      if (!response.ok) {
        setRefusal(problemMessage(error, response.status));
        return;
      }
      setSearch({ import: id });
    } finally {
      setSending(false);
    }
  };
  const status = progress.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("名单导入", "Roster import")}</Typography.Title>
      <Card title={tx("1. 选择名单和文件", "1. Choose the roster and the file")}>
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Space wrap>
            <label htmlFor="roster-source">{tx("名单来源", "Roster of")}</label>
            <Select
              id="roster-source"
              style={{ minWidth: 240 }}
              value={source}
              onChange={setSource}
              placeholder={tx("平台或服务站", "A platform or a station")}
              options={[
                ...platforms.map((platform) => ({
                  value: `platform:${platform}`,
                  label: `${tx("平台", "Platform")} · ${platformName(platform, language)}`,
                })),
                ...(stations.data?.items ?? []).map((station) => ({
                  value: `station:${station.stationId}`,
                  label: `${tx("服务站", "Station")} · ${localized(station.name, language)}`,
                })),
              ]}
            />
          </Space>
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void choose(chosen);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>
              {tx("选择 CSV 或 Excel 文件", "Choose a CSV or .xlsx file")}
            </Button>
          </Upload>
          {file === undefined ? null : (
            <Typography.Text>
              {file.name} · {new Intl.NumberFormat(language).format(Math.ceil(file.size / 1024))} KB
            </Typography.Text>
          )}
          {preview.length === 0 ? null : (
            <Table
              size="small"
              pagination={false}
              scroll={{ x: true }}
              caption={tx("前几行预览（第一行为表头）", "The first rows (the first is the header)")}
              dataSource={preview.slice(1).map((cells, index) => ({ key: index, cells }))}
              columns={(preview[0] ?? []).map((name, column) => ({
                title: name,
                key: String(column),
                render: (_: unknown, row: { cells: string[] }) => row.cells[column] ?? "",
              }))}
            />
          )}
          {refusal === undefined ? null : (
            <Alert type="error" showIcon message={refusal} role="alert" />
          )}
          <Button
            type="primary"
            disabled={file === undefined || source === undefined}
            loading={sending}
            onClick={() => void send()}
          >
            {tx("开始导入", "Import")}
          </Button>
        </Space>
      </Card>
      {status === undefined ? null : (
        <Card title={tx("2. 导入进度", "2. Progress")}>
          <Progress
            percent={
              status.rowsTotal === 0 ? 100 : Math.round((status.rowsDone / status.rowsTotal) * 100)
            }
            status={status.status === "completed" ? "success" : "active"}
          />
          <Space wrap>
            <Tag color="green">
              {tx("新登记", "Registered")} {status.rowsRegistered}
            </Tag>
            <Tag>
              {tx("无变化", "Unchanged")} {status.rowsUnchanged}
            </Tag>
            <Tag color="red">
              {tx("有问题", "Refused")} {status.rowsRefused}
            </Tag>
          </Space>
          <Table
            size="small"
            rowKey="rowNumber"
            pagination={false}
            style={{ marginTop: 16 }}
            dataSource={refused.data?.items ?? []}
            locale={{ emptyText: tx("没有被拒绝的行", "No refused rows") }}
            columns={[
              { title: tx("行号", "Row"), dataIndex: "rowNumber" },
              {
                title: tx("问题", "Problem"),
                key: "problem",
                render: (_, row) => (row.refusal ? localized(row.refusal.message, language) : ""),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
};
