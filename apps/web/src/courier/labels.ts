/** The delivery platforms, as couriers name them. */
export const platformNames = {
  meituan: ["美团", "Meituan"],
  eleme: ["饿了么", "Ele.me"],
  dingdong: ["叮咚买菜", "Dingdong"],
  sf: ["顺丰", "SF Express"],
  jd: ["京东", "JD"],
  other: ["其他", "Other"],
} as const;

/** The kinds of wishes a courier may post. */
export const wishCategoryNames = {
  "work-equipment": ["工作装备", "Work equipment"],
  "daily-necessities": ["生活用品", "Daily necessities"],
  "family-and-children": ["家庭与孩子", "Family and children"],
  learning: ["学习", "Learning"],
  service: ["服务", "A service"],
  other: ["其他", "Other"],
} as const;

/** A participation's status in words. */
export const participationNames = {
  "signed-up": ["已报名", "Signed up"],
  cancelled: ["已取消", "Cancelled"],
  attended: ["已签到", "Checked in"],
  "no-show": ["未到", "No-show"],
  confirmed: ["已确认", "Confirmed"],
} as const;

/** A wish's or report's status in words. */
export const statusNames: Record<string, readonly [string, string]> = {
  draft: ["草稿", "Draft"],
  submitted: ["待审核", "Submitted"],
  approved: ["已通过", "Approved"],
  published: ["已上墙", "On the wall"],
  claimed: ["已认领", "Claimed"],
  fulfilled: ["已实现", "Fulfilled"],
  thanked: ["已致谢", "Thanked"],
  rejected: ["未通过", "Rejected"],
  cancelled: ["已取消", "Cancelled"],
  expired: ["已过期", "Expired"],
  accepted: ["已受理", "Accepted"],
  in_progress: ["处理中", "In progress"],
  resolved: ["已解决", "Resolved"],
  reopened: ["重新处理", "Reopened"],
  closed: ["已关闭", "Closed"],
  acknowledged: ["已收到", "Acknowledged"],
  answered: ["已答复", "Answered"],
  adopted: ["已采纳", "Adopted"],
  completed: ["已落实", "Done"],
  declined: ["未采纳", "Declined"],
  withdrawn: ["已撤回", "Withdrawn"],
};

/** The text of a status, or the status itself when it is new. */
export const statusName = (status: string, tx: (zh: string, en: string) => string): string => {
  const names = statusNames[status];
  return names === undefined ? status : tx(names[0], names[1]);
};
