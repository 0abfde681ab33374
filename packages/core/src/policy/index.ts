export { type BilingualDescription, described, descriptionZhCNKeyword } from "./described.js";
export {
  InvalidPolicy,
  type PolicyDocumentLimits,
  parsePolicy,
  policyDocumentLimits,
} from "./parse.js";
export { CommunityPolicy, type CommunityPolicyInput, jinshanPolicy } from "./schema.js";
export { ActivityPolicy, DailyWindow } from "./sections/activities.js";
export { CourierPolicy } from "./sections/couriers.js";
export { GeneralPolicy } from "./sections/general.js";
export { Campaign, CampaignReason, PointsPolicy } from "./sections/points.js";
export {
  defaultReportCategories,
  defaultReportHandlers,
  ReportAttribute,
  ReportAttributeCode,
  ReportAttributeDatatype,
  ReportAttributeValue,
  ReportCategory,
  ReportCategoryId,
  ReportHandler,
  ReportPolicy,
} from "./sections/reports.js";
export {
  defaultSuggestionTopics,
  SuggestionPolicy,
  SuggestionTopic,
} from "./sections/suggestions.js";
export { WishPolicy } from "./sections/wishes.js";
