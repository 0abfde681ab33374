import { useQuery } from "@tanstack/react-query";
import {
  Button,
  Card,
  Empty,
  Input,
  NoticeBar,
  Selector,
  Skeleton,
  Tag,
  TextArea,
} from "antd-mobile";
import { useState } from "react";
import { unwrap } from "../api/client";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction, usePolicy, useStations } from "./courier-kit";
import { statusName, wishCategoryNames } from "./labels";

type WishCategory = keyof typeof wishCategoryNames;

/** The form of a micro-wish; the rules (value cap, prohibited items) are the wishes service's. */
const PostWish = (props: { readonly onPosted: () => void }) => {
  const { tx, formatNumber } = useLanguage();
  const { client, community } = useCourier();
  const policy = usePolicy();
  const stations = useStations();
  const post = useCourierAction(["wishes"]);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState<WishCategory>("daily-necessities");
  const [yuan, setYuan] = useState("");
  const stationId = stations.data?.items[0]?.stationId;
  const capFen = policy.data?.policy?.wishes?.valueCapFen;
  const valueFen = Math.round(Number(yuan) * 100);
  const ready =
    title.trim() !== "" && Number.isFinite(valueFen) && valueFen > 0 && stationId !== undefined;
  return (
    <section className="courier-section" aria-labelledby="post-wish-title">
      <h2 id="post-wish-title">{tx("许一个微心愿", "Post a micro-wish")}</h2>
      <Input
        aria-label={tx("心愿（想要什么）", "The wish (what you would like)")}
        placeholder={tx("心愿（想要什么）", "The wish (what you would like)")}
        value={title}
        onChange={setTitle}
      />
      <TextArea
        aria-label={tx("为什么想要（圆梦人会看到）", "Why (sponsors read this)")}
        placeholder={tx("为什么想要（圆梦人会看到）", "Why (sponsors read this)")}
        value={description}
        onChange={setDescription}
        rows={2}
      />
      <Selector
        columns={2}
        value={[category]}
        onChange={(value) => value[0] !== undefined && setCategory(value[0] as WishCategory)}
        options={Object.entries(wishCategoryNames).map(([value, names]) => ({
          value,
          label: tx(names[0], names[1]),
        }))}
      />
      <Input
        aria-label={tx("估计价值（元）", "Estimated value (yuan)")}
        placeholder={
          capFen === undefined
            ? tx("估计价值（元）", "Estimated value (yuan)")
            : tx(
                `估计价值（元，不超过 ${formatNumber(capFen / 100)}）`,
                `Estimated value (yuan, at most ${formatNumber(capFen / 100)})`,
              )
        }
        inputMode="decimal"
        value={yuan}
        onChange={setYuan}
      />
      {post.error === null ? null : (
        <div role="alert" className="courier-refusal">
          <NoticeBar color="error" content={post.error.message} wrap />
        </div>
      )}
      <Button
        block
        color="primary"
        size="large"
        style={{ marginTop: 12 }}
        disabled={!ready || post.isPending}
        loading={post.isPending}
        onClick={() => {
          if (stationId === undefined) return;
          post.mutate(
            // Posting is the draft and its submission for review, each with its own key
            // made from the one intent, so a retry after a lost reply repeats neither.
            async (key) => {
              const drafted = await client.POST("/v1/communities/{community}/wishes", {
                params: { path: { community }, header: { "Idempotency-Key": key } },
                body: {
                  wishId: `w-${key}`,
                  stationId,
                  title: title.trim(),
                  description: description.trim(),
                  category,
                  estimatedValueFen: valueFen,
                  funding: { mode: "either" },
                },
              });
              if (drafted.error !== undefined) return drafted;
              return client.POST("/v1/communities/{community}/wishes/{wishId}/submission", {
                params: {
                  path: { community, wishId: `w-${key}` },
                  header: { "Idempotency-Key": `${key}-submission` },
                },
                body: {},
              });
            },
            {
              onSuccess: () => {
                setTitle("");
                setDescription("");
                setYuan("");
                props.onPosted();
              },
            },
          );
        }}
      >
        {tx("提交心愿", "Post the wish")}
      </Button>
    </section>
  );
};

/** A fulfilled wish's thank-you to its sponsor. */
const Thanks = (props: { readonly wishId: string }) => {
  const { tx } = useLanguage();
  const { client, community } = useCourier();
  const [note, setNote] = useState("");
  const thank = useCourierAction(["wishes"]);
  return (
    <div className="courier-check-in">
      <Input
        aria-label={tx("给圆梦人的感谢", "Thanks to the sponsor")}
        placeholder={tx("谢谢你！", "Thank you!")}
        value={note}
        onChange={setNote}
      />
      <Button
        color="primary"
        disabled={thank.isPending}
        onClick={() =>
          thank.mutate((key) =>
            client.POST("/v1/communities/{community}/wishes/{wishId}/thanks", {
              params: {
                path: { community, wishId: props.wishId },
                header: { "Idempotency-Key": key },
              },
              body: note.trim() === "" ? {} : { note: note.trim() },
            }),
          )
        }
      >
        {tx("致谢", "Thank")}
      </Button>
      {thank.error === null ? null : <NoticeBar color="error" content={thank.error.message} wrap />}
    </div>
  );
};

/**
 * The courier's micro-wishes (微心愿): the ones they posted and where each stands (waiting
 * for review, on the wall, claimed, fulfilled), a thank-you once fulfilled, and the form
 * to post one, whose refusals (value cap, prohibited items) are the rules' own words.
 */
export const WishesPage = () => {
  const { tx, formatNumber } = useLanguage();
  const { client, own } = useCourier();
  const [posting, setPosting] = useState(false);
  const wishes = useQuery({
    queryKey: ["wishes", own.community, own.courierId],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/couriers/{courierId}/wishes", {
          params: { path: own, query: { limit: 50 } },
        }),
      ),
  });
  return (
    <>
      <section className="courier-section" aria-labelledby="wishes-title">
        <div className="courier-heading">
          <h1 id="wishes-title">{tx("我的微心愿", "My micro-wishes")}</h1>
          <Button color="primary" onClick={() => setPosting(!posting)}>
            {posting ? tx("收起", "Close") : tx("许心愿", "New wish")}
          </Button>
        </div>
      </section>
      {posting ? <PostWish onPosted={() => setPosting(false)} /> : null}
      {wishes.isPending ? (
        <Skeleton.Paragraph lineCount={3} animated />
      ) : wishes.isError ? (
        <NoticeBar color="error" content={wishes.error.message} wrap />
      ) : wishes.data.items.length === 0 ? (
        posting ? null : (
          <div className="courier-section">
            <Empty
              description={tx(
                "微心愿是工作生活中一件小小的需要（300 元以内），由圆梦人或你的积分帮你实现。",
                "A micro-wish is a small need at work or at home (up to 300 yuan), fulfilled by a sponsor or with your points.",
              )}
            />
            <Button block color="primary" onClick={() => setPosting(true)}>
              {tx("许一个微心愿", "Post a micro-wish")}
            </Button>
          </div>
        )
      ) : (
        wishes.data.items.map((wish) => (
          <Card
            key={wish.wishId}
            className="courier-card"
            title={<h2 className="courier-card-title">{wish.title}</h2>}
          >
            <Tag color="primary">{statusName(wish.status, tx)}</Tag>{" "}
            <span className="courier-muted">
              {tx(
                `${wish.categoryName["zh-CN"]} · ${formatNumber(wish.estimatedValueFen / 100)} 元`,
                `${wish.categoryName.en} · ${formatNumber(wish.estimatedValueFen / 100)} yuan`,
              )}
            </span>
            {wish.status === "fulfilled" ? <Thanks wishId={wish.wishId} /> : null}
          </Card>
        ))
      )}
    </>
  );
};
