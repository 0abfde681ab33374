import type { Actor } from "@courier-station/core";
import { actsIn, type CommunityId } from "@courier-station/core";
import type { NextFunction, Request, Response } from "express";
import { forbidden, unauthenticated } from "../http/refusal.js";

/**
 * Express middleware: the bearer token's actor in `response.locals.actor`, refused with
 * 401 without a valid token and 403 when the actor does not belong to the path's
 * community (`/v1/communities/{community}`).
 */
export const authenticate =
  (verify: (token: string, actingRole?: string) => Promise<Actor>) =>
  async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const header = request.get("Authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (match?.[1] === undefined) {
      throw unauthenticated({ "zh-CN": "缺少访问令牌", en: "no access token was given" });
    }
    const actor = await verify(match[1], request.get("X-Acting-Role") ?? undefined);
    const community = request.params.community;
    if (community !== undefined && !actsIn(actor, community as CommunityId)) {
      throw forbidden({
        "zh-CN": `无权访问社区“${community.slice(0, 64)}”`,
        en: `Not allowed in community "${community.slice(0, 64)}"`,
      });
    }
    response.locals.actor = actor;
    next();
  };
