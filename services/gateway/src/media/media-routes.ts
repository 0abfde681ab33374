import type { Actor } from "@courier-station/core";
import type { NextFunction, Request, Response, Router } from "express";
import multer from "multer";
import sharp from "sharp";
import { bodyTooLarge, forbidden, HttpRefusal, unsupportedMediaType } from "../http/refusal.js";
import type { MediaStore } from "./media-store.js";

export type { MediaStore } from "./media-store.js";

/** The largest photo accepted, in bytes. */
export const maximumPhotoBytes = 10 * 1024 * 1024;
const acceptedFormats = new Set(["jpeg", "png", "webp", "heif"]);

const notAPhoto = () =>
  new HttpRefusal({
    code: "photo.unsupported_type",
    status: 415,
    text: {
      "zh-CN": "照片须为 JPEG、PNG、WebP 或 HEIC 图片",
      en: "A photo must be a JPEG, PNG, WebP or HEIC image",
    },
  });

/**
 * A photo re-encoded for keeping: its real type checked from its bytes (not the name or
 * the client's type), turned upright, at most 2560 pixels a side, as JPEG — and with no
 * metadata, since sharp writes none unless asked (EXIF location and device are dropped).
 */
export const reencodePhoto = async (bytes: Buffer): Promise<Buffer> => {
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata()).format;
  } catch {
    throw notAPhoto();
  }
  if (format === undefined || !acceptedFormats.has(format)) throw notAPhoto();
  return sharp(bytes, { limitInputPixels: 50_000_000 })
    .rotate()
    .resize(2560, 2560, { fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
};

const mayReadPhoto = (actor: Actor, owner: string) =>
  actor.id === owner ||
  actor.role === "staff" ||
  actor.role === "auditor" ||
  actor.role === "handler";

/**
 * Mounts photo upload and download under the community: `POST /photos` (multipart, field
 * `photo`) stores a re-encoded photo and answers its reference, which a report's
 * `photos` then names; `GET /photos/{photo}` serves it to its uploader and to the
 * community's staff, auditors and handlers.
 */
export const mountMediaRoutes = (router: Router, media: MediaStore): void => {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maximumPhotoBytes, files: 1, fields: 5, parts: 6 },
  }).single("photo");
  router.post(
    "/photos",
    (request: Request, response: Response, next: NextFunction) => {
      if (!request.is("multipart/form-data")) {
        next(unsupportedMediaType("multipart/form-data"));
        return;
      }
      upload(request, response, (error: unknown) => {
        if (error === undefined || error === null) return next();
        const code = (error as { code?: unknown }).code;
        if (code === "LIMIT_FILE_SIZE") return next(bodyTooLarge(maximumPhotoBytes));
        return next(
          new HttpRefusal({
            code: "input.invalid",
            status: 400,
            text: { "zh-CN": "上传内容无效", en: "The upload is not valid" },
          }),
        );
      });
    },
    async (request: Request, response: Response) => {
      const actor = response.locals.actor as Actor;
      const community = String((request.params as Record<string, string>).community ?? "");
      const file = request.file;
      if (file === undefined) throw notAPhoto();
      const bytes = await reencodePhoto(file.buffer);
      const reference = await media.put(community, {
        bytes,
        contentType: "image/jpeg",
        owner: actor.id,
      });
      const url = `/v1/communities/${encodeURIComponent(community)}/photos/${reference}`;
      response.status(201).location(url).json({ photo: reference, url });
    },
  );
  router.get("/photos/:photo", async (request: Request, response: Response) => {
    const actor = response.locals.actor as Actor;
    const community = String((request.params as Record<string, string>).community ?? "");
    const photo = await media.get(community, String(request.params.photo ?? ""));
    if (photo === undefined) {
      throw new HttpRefusal({
        code: "photo.not_found",
        status: 404,
        text: { "zh-CN": "照片不存在", en: "No such photo" },
      });
    }
    if (!mayReadPhoto(actor, photo.owner)) {
      throw forbidden({ "zh-CN": "无权查看这张照片", en: "Not allowed to see this photo" });
    }
    response.status(200).type(photo.contentType).setHeader("Cache-Control", "private, max-age=300");
    response.send(photo.bytes);
  });
};
