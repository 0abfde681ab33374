import type { Language } from "./gateway";

type Names = Readonly<Record<string, readonly [zh: string, en: string]>>;

const pick = (names: Names, value: string, language: Language): string => {
  const pair = names[value];
  if (pair === undefined) return value;
  return language === "zh-CN" ? pair[0] : pair[1];
};

const platforms: Names = {
  meituan: ["美团", "Meituan"],
  eleme: ["饿了么", "Ele.me"],
  dingdong: ["叮咚买菜", "Dingdong"],
  sf: ["顺丰", "SF Express"],
  jd: ["京东", "JD"],
  other: ["其他", "Other"],
};

/** A delivery platform's name in the page's language. */
export const platformName = (platform: string, language: Language): string =>
  pick(platforms, platform, language);

const reportStatuses: Names = {
  submitted: ["待受理", "Submitted"],
  accepted: ["已派单", "Routed"],
  in_progress: ["处置中", "In progress"],
  resolved: ["已解决", "Resolved"],
  reopened: ["已重开", "Reopened"],
  closed: ["已办结", "Closed"],
  rejected: ["未受理", "Rejected"],
};

/** A sentinel report's status in the page's language. */
export const reportStatusName = (status: string, language: Language): string =>
  pick(reportStatuses, status, language);

const suggestionStatuses: Names = {
  submitted: ["待回应", "Submitted"],
  acknowledged: ["已收到", "Acknowledged"],
  answered: ["已答复", "Answered"],
  adopted: ["已采纳", "Adopted"],
  completed: ["已落实", "Completed"],
  declined: ["未采纳", "Declined"],
  withdrawn: ["已撤回", "Withdrawn"],
};

/** A suggestion's status in the page's language. */
export const suggestionStatusName = (status: string, language: Language): string =>
  pick(suggestionStatuses, status, language);

const activityStatuses: Names = {
  draft: ["草稿", "Draft"],
  published: ["已发布", "Published"],
  started: ["进行中", "Started"],
  completed: ["已结束", "Completed"],
  cancelled: ["已取消", "Cancelled"],
};

/** An activity's status in the page's language. */
export const activityStatusName = (status: string, language: Language): string =>
  pick(activityStatuses, status, language);

const activityKinds: Names = {
  volunteering: ["志愿服务", "Volunteering"],
  "learning-session": ["学习活动", "Learning session"],
  "community-event": ["社区活动", "Community event"],
  "merchant-event": ["商户活动", "Merchant event"],
  "wish-lighting": ["点亮微心愿", "Wish lighting"],
};

/** An activity's kind in the page's language. */
export const activityKindName = (kind: string, language: Language): string =>
  pick(activityKinds, kind, language);

const rosterStatuses: Names = {
  "signed-up": ["已报名", "Signed up"],
  cancelled: ["已取消", "Cancelled"],
  attended: ["已到场", "Attended"],
  "no-show": ["未到", "No-show"],
  confirmed: ["已确认", "Confirmed"],
};

/** A place on an activity's roster in the page's language. */
export const rosterStatusName = (status: string, language: Language): string =>
  pick(rosterStatuses, status, language);

const amenities: Names = {
  charging: ["充电", "Charging"],
  "drinking-water": ["饮用水", "Drinking water"],
  microwave: ["微波炉", "Microwave"],
  "rest-seats": ["休息座椅", "Rest seats"],
  toilets: ["卫生间", "Toilets"],
  "first-aid": ["急救箱", "First aid"],
};

/** The standard amenities of a station, in the order the form offers them. */
export const standardAmenities = [
  "charging",
  "drinking-water",
  "microwave",
  "rest-seats",
  "toilets",
  "first-aid",
] as const;

/** A station amenity's name in the page's language. */
export const amenityName = (amenity: string, language: Language): string =>
  pick(amenities, amenity, language);

/** A bilingual name (`{ "zh-CN", en }`) in the page's language. */
export const localized = (
  name: { readonly "zh-CN": string; readonly en: string },
  language: Language,
): string => name[language];
