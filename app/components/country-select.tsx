import { useTranslation } from "react-i18next";
import type { FieldAria } from "./fields";

/**
 * A country select named and sorted by the server (browsers' and Node's country names differ,
 * so the browser must keep the server's list to hydrate).
 */
export function CountrySelect({
  id,
  countries,
  defaultValue,
  aria,
  autoFocus,
}: {
  id: string;
  countries: [string, string][];
  defaultValue?: string | null;
  aria?: FieldAria;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <select id={id} name="country" required defaultValue={defaultValue ?? ""} autoFocus={autoFocus} {...aria}>
      <option value="">{t("sign.chooseCountry")}</option>
      {countries.map(([code, name]) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </select>
  );
}
