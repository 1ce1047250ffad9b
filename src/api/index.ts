/** The api layer: `bot.api` derived from the endpoint table, its types and the paging helpers. */
export { createApi } from "./create-api.js";
export { API_BAD_ARGUMENT, requestParts, type RequestParts } from "./request-parts.js";
export { pageItems, pages, itemsOf, type PageCall } from "./paginate.js";
export type * from "./api-types.js";
export type * from "./qq-api.js";
