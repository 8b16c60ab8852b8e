import { useTranslation } from "react-i18next";

/** Which officials a campaign writes to, or none (signatures only). */
export function TargetListSelect({ id, lists, defaultValue }: { id: string; lists: { id: number; name: string }[]; defaultValue?: number | string | null }) {
  const { t } = useTranslation("dashboard");
  return (
    <div className="field">
      <label htmlFor={id}>{t("form.targetList")}</label>
      <select id={id} name="target_list" defaultValue={defaultValue ?? ""}>
        <option value="">{t("form.noTargetList")}</option>
        {lists.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
