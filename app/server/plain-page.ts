import type express from "express";
import { fixedT } from "../lib/i18n.server";
import { fallbackLanguage, isSupportedLanguage } from "../lib/i18n";

/**
 * A minimal page in the visitor's language (from the path, else English) for requests refused
 * before they reach Remix.
 */
export function plainPage(req: express.Request, res: express.Response, status: number, bodyKey: string, titleKey = "errors.badRequestTitle") {
  const segment = req.path.split("/")[1];
  const lang = isSupportedLanguage(segment) ? segment : fallbackLanguage;
  const t = fixedT(lang);
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(titleKey)}</title><h1>${t(titleKey)}</h1><p>${t(bodyKey)}</p></html>`,
    );
}
