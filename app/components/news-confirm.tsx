import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languageIn } from "../lib/i18n";
import { UpdateFields } from "./news-editor";

interface Audience {
  lang: string;
  versionLocale: string;
  count: number;
  dir: string;
  mail: { subject: string; text: string };
  htmlBody: string;
}

/**
 * A draft before it goes out: per language its signers read, how many they are and the mail as
 * they will get it; a test to the organiser's own address; the one button that sends.
 */
export function NewsConfirmation({ csrf, action, id, audience, total }: { csrf: string; action: string; id: number; audience: Audience[]; total: number }) {
  const { t } = useTranslation("dashboard");
  return (
    <section aria-labelledby="confirm-heading" data-testid="news-confirmation">
      <h2 id="confirm-heading">{t("updates.confirmHeading")}</h2>
      <p className="hint">{t("updates.confirmIntro")}</p>
      {audience.map((a) => (
        <article key={a.lang} data-testid={`audience-${a.lang}`}>
          <h3>{t("updates.audience", { language: languageIn(t, a.lang, "label"), count: a.count })}</h3>
          {a.versionLocale !== a.lang ? <p className="hint">{t("updates.fallbackVersion", { language: languageIn(t, a.versionLocale, "label") })}</p> : null}
          <p>
            {t("updates.subject")} <strong lang={a.versionLocale}>{a.mail.subject}</strong>
          </p>
          <h4>{t("updates.plainText")}</h4>
          <pre className="reference-text" lang={a.lang} data-testid={`mail-text-${a.lang}`}>
            {a.mail.text}
          </pre>
          <h4>{t("updates.formatted")}</h4>
          {/* The HTML part's body as the template wrote it: escaped text and the sanitised Markdown. */}
          <div className="reference" lang={a.lang} dir={a.dir} data-testid={`mail-html-${a.lang}`} dangerouslySetInnerHTML={{ __html: a.htmlBody }} />
        </article>
      ))}
      <Form method="post" action={action}>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="draft" value={id} />
        <button type="submit" name="intent" value="test" className="button secondary">
          {t("updates.sendTest")}
        </button>{" "}
        <button type="submit" name="intent" value="confirm" className="button">
          {t("updates.confirmSend", { count: total })}
        </button>
      </Form>
    </section>
  );
}

export interface TypedNews {
  title: string;
  body: string;
  html: string;
}

/** New news: "Preview" re-renders this form with the bodies as the campaign page shows them; "Review" drafts it. */
export function NewsForm({
  csrf,
  locales,
  defaultLocale,
  preview,
}: {
  csrf: string;
  locales: string[];
  defaultLocale: string;
  preview?: Record<string, TypedNews>;
}) {
  const { t } = useTranslation("dashboard");
  return (
    <Form method="post" className="translation-form" data-testid="news-form">
      <input type="hidden" name="csrf" value={csrf} />
      <p className="hint">
        {t("updates.hint")} {t("updates.completeHint")}
      </p>
      {locales.map((l) => (
        <div key={l}>
          <UpdateFields prefix="u" locale={l} isDefault={l === defaultLocale} title={preview?.[l]?.title} body={preview?.[l]?.body} />
          {preview?.[l]?.body ? (
            <div className="reference" data-testid={`preview-${l}`}>
              <p className="hint">{t("updates.previewOf", { language: languageIn(t, l, "label") })}</p>
              <div className="prose" lang={l} dangerouslySetInnerHTML={{ __html: preview[l].html }} />
            </div>
          ) : null}
        </div>
      ))}
      <button type="submit" name="intent" value="preview" className="button secondary">
        {t("form.preview")}
      </button>{" "}
      <button type="submit" name="intent" value="update" className="button">
        {t("updates.post")}
      </button>
    </Form>
  );
}
