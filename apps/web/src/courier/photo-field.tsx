import { CameraOutlined } from "@ant-design/icons";
import {
  Button,
  ConfigProvider,
  ImageUploader,
  type ImageUploadItem,
  ImageViewer,
  NoticeBar,
} from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { useState } from "react";
import { useLanguage } from "../i18n/language";

/** The largest photo the gateway accepts (its `maximumPhotoBytes`), 10 MiB. */
const maximumPhotoBytes = 10 * 1024 * 1024;

/** A photo chosen on the phone, kept there until the report is sent. */
export interface ChosenPhoto {
  /** The object URL its preview shows; revoked when the photo is removed. */
  readonly url: string;
  readonly file: File;
}

/**
 * One optional photo for a form: a large "take or choose a photo" tile in the page's
 * language (not the browser's "Choose File"), a preview that opens full screen when
 * tapped, and a remove button. The file stays on the phone until the form is sent;
 * something that is not an image, or larger than the gateway takes, is refused at once
 * with what to do instead. `label` is the field's legend; the file input is named by the
 * tile's words, so a screen reader reads both.
 */
export const PhotoField = (props: {
  readonly label: string;
  readonly photo: ChosenPhoto | undefined;
  readonly onChange: (photo: ChosenPhoto | undefined) => void;
}) => {
  const { tx, language } = useLanguage();
  const [refusal, setRefusal] = useState<string | undefined>();
  const base = language === "zh-CN" ? zhCN : enUS;
  const add = tx("拍照或选照片", "Take or choose a photo");
  // antd-mobile names its file input with the locale's "Upload": it is named by the tile's
  // own words instead, inside the field's legend.
  const locale = { ...base, ImageUploader: { ...base.ImageUploader, upload: add } };
  const { photo, onChange } = props;
  const value: ImageUploadItem[] = photo === undefined ? [] : [{ url: photo.url, extra: photo }];
  const remove = () => {
    if (photo !== undefined) URL.revokeObjectURL(photo.url);
    onChange(undefined);
  };
  return (
    <fieldset className="courier-photo">
      <legend className="courier-photo-label">{props.label}</legend>
      <ConfigProvider locale={locale}>
        <ImageUploader
          value={value}
          onChange={(items) => {
            const chosen = items.at(-1)?.extra as ChosenPhoto | undefined;
            if (chosen === undefined) remove();
            else onChange(chosen);
          }}
          accept="image/*"
          capture="environment"
          maxCount={1}
          deletable={false}
          style={{ "--cell-size": "96px" }}
          // antd-mobile's own preview has an image without a text alternative: this one
          // says what it is and opens the photo full screen.
          renderItem={(_preview, item) => (
            <button
              key={item.url}
              type="button"
              className="courier-photo-preview"
              onClick={() => ImageViewer.show({ image: item.url })}
            >
              <img
                src={item.url}
                alt={tx("已选的照片，点按放大", "The chosen photo: tap to enlarge")}
              />
            </button>
          )}
          beforeUpload={(file) => {
            // Some phones leave a camera photo's type empty; the gateway checks its bytes.
            if (file.type !== "" && !file.type.startsWith("image/")) {
              setRefusal(
                tx(
                  "这不是照片，请拍一张或选一张图片。",
                  "That is not a photo: take or choose a picture.",
                ),
              );
              return null;
            }
            if (file.size > maximumPhotoBytes) {
              setRefusal(
                tx(
                  "照片超过 10 MB，请换一张或重新拍一张。",
                  "The photo is over 10 MB: choose another or take a new one.",
                ),
              );
              return null;
            }
            setRefusal(undefined);
            return file;
          }}
          upload={async (file) => {
            const chosen: ChosenPhoto = { url: URL.createObjectURL(file), file };
            return { url: chosen.url, extra: chosen };
          }}
        >
          <span className="courier-photo-add">
            <CameraOutlined aria-hidden />
            <span>{add}</span>
          </span>
        </ImageUploader>
      </ConfigProvider>
      {photo === undefined ? null : (
        <Button size="small" fill="outline" className="courier-photo-remove" onClick={remove}>
          {tx("删除照片", "Remove the photo")}
        </Button>
      )}
      {refusal === undefined ? null : (
        <div role="alert">
          <NoticeBar color="alert" content={refusal} wrap />
        </div>
      )}
    </fieldset>
  );
};
