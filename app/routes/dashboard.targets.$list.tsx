import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { findTargetList, importTargets, listEmails, listTargets, setTargetAddress } from "../models/target.server";
import { audit } from "../models/audit.server";
import { requireAdmin, requireCsrf, requireOrganiser } from "../web/auth.server";
import { notFound, readForm } from "../web/http.server";
import { checkTargetCsv } from "../services/target-import.server";
import { routeHeaders } from "../web/headers";
import { IntentForm } from "../components/fields";

export const headers = routeHeaders;

async function requireList(slug: string | undefined, context: Parameters<typeof loader>[0]["context"]) {
  const list = slug ? await findTargetList(context.db, slug) : undefined;
  if (!list) notFound();
  return list;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const list = await requireList(params.list, context);
  return { csrf: auth.csrf, list, targets: await listTargets(context.db, list.id) };
}

type State = { fixed?: boolean; imported?: number; dryRun?: number; problems?: { line: number; reason: string }[]; error?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const list = await requireList(params.list, context);
  const form = await readForm(request);
  requireCsrf(form, auth);

  if (form.get("intent") === "fix") {
    const parsed = z
      .object({ id: z.coerce.number().int().positive(), email: z.string().trim().email().max(254) })
      .safeParse({ id: form.get("id"), email: form.get("email") });
    if (!parsed.success) return data<State>({ error: "emailInvalid" }, { status: 400 });
    const target = (await listTargets(context.db, list.id)).find((x) => x.id === parsed.data.id);
    if (!target) return data<State>({ error: "emailInvalid" }, { status: 400 });
    await setTargetAddress(context.db, target.id, parsed.data.email);
    await audit(context.db, auth.organiser.id, "target.address_fixed", `${list.slug}/${target.id}`, 1);
    return { fixed: true } satisfies State;
  }

  // Import: a CSV file (or pasted text), checked whole before anything is written.
  const file = form.get("file");
  const csv = typeof file === "string" ? file : file ? await (file as Blob).text() : String(form.get("csv") ?? "");
  if (!csv.trim()) return data<State>({ error: "csvMissing" }, { status: 400 });
  const { rows, problems } = checkTargetCsv(csv, await listEmails(context.db, list.id));
  if (problems.length) return data<State>({ problems }, { status: 400 });
  if (form.get("dry_run")) return { dryRun: rows.length } satisfies State;
  await importTargets(context.db, list.id, rows);
  await audit(context.db, auth.organiser.id, "targets.import", list.slug, rows.length);
  return { imported: rows.length } satisfies State;
}

export default function TargetList() {
  const { csrf, list, targets } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  return (
    <>
      <p>
        <Link to="/dashboard/targets">{t("targets.title")}</Link>
      </p>
      <h1>{list.name}</h1>
      {state?.fixed ? (
        <p className="notice" role="status">
          {t("targets.fixed")}
        </p>
      ) : null}
      {state?.imported !== undefined ? (
        <p className="notice" role="status">
          {t("targets.imported", { count: state.imported })}
        </p>
      ) : null}
      {state?.dryRun !== undefined ? (
        <p className="notice" role="status">
          {t("targets.dryRunOk", { count: state.dryRun })}
        </p>
      ) : null}
      {state?.error ? (
        <p className="form-error" role="alert">
          {t(`targets.${state.error}`)}
        </p>
      ) : null}
      {state?.problems ? (
        <div className="form-error" role="alert">
          <p>{t("targets.problems", { count: state.problems.length })}</p>
          <ul data-testid="problems">
            {state.problems.map((p) => (
              <li key={p.line}>{t("targets.problemLine", { line: p.line, reason: p.reason })}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2>{t("targets.import")}</h2>
      <Form method="post" encType="multipart/form-data" className="sign-form">
        <input type="hidden" name="csrf" value={csrf} />
        <p className="hint">{t("targets.importHint")}</p>
        <div className="field">
          <label htmlFor="t-file">{t("targets.file")}</label>
          <input id="t-file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div className="field checkbox">
          <input id="t-dry" name="dry_run" type="checkbox" value="1" defaultChecked />
          <label htmlFor="t-dry">{t("targets.dryRun")}</label>
        </div>
        <button type="submit" className="button">
          {t("targets.importButton")}
        </button>
      </Form>

      <h2>{t("targets.members")}</h2>
      <table className="data-table">
        <tbody>
          {targets.map((x) => (
            <tr key={x.id}>
              <td>
                <strong>{x.name}</strong>
                <br />
                <span className="hint">
                  {x.role}, {x.organisation} · {x.country}
                  {x.area ? ` · ${x.area}` : ""} · {x.languages}
                </span>
              </td>
              <td>
                {x.email_status === "failing" ? (
                  <IntentForm csrf={csrf} intent="fix">
                    <input type="hidden" name="id" value={x.id} />
                    <p className="field-error">{t("targets.failingAddress", { reason: x.email_failure })}</p>
                    <label htmlFor={`fix-${x.id}`}>{t("targets.newAddress")}</label>{" "}
                    <input id={`fix-${x.id}`} name="email" type="email" defaultValue={x.email} required />{" "}
                    <button type="submit" className="button secondary">
                      {t("targets.fix")}
                    </button>
                  </IntentForm>
                ) : (
                  x.email
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
