/**
 * Demonstration target lists built from public roles. Every address is a placeholder on the
 * reserved example.org domain (RFC 2606): no development instance can ever write to a real
 * official. Organisers load real addresses with `npm run targets:import`.
 */
export interface SeedTarget {
  name: string;
  role: string;
  organisation: string;
  country: string;
  area?: string;
  /** Languages the office reads, most preferred first (BCP 47). */
  languages: string[];
  email: string;
}
export interface SeedTargetList {
  slug: string;
  name: string;
  /** "fixed": a body addressed as a whole (all, or a chosen few); "by_country": the supporter's own. */
  mode: "fixed" | "by_country";
  targets: SeedTarget[];
}

const mission = (country: string, en: string, languages: string[], permanent: boolean): SeedTarget => ({
  name: `Permanent Representative of ${en}`,
  role: permanent ? "Permanent member of the UN Security Council" : "Elected member of the UN Security Council",
  organisation: `Permanent Mission of ${en} to the United Nations`,
  country,
  languages,
  email: `placeholder-unsc-${country.toLowerCase()}@example.org`,
});

// Members in 2026: the five permanent members, those elected for 2025–2026 and for 2026–2027.
const securityCouncil: SeedTarget[] = [
  mission("CN", "China", ["zh", "en"], true),
  mission("FR", "France", ["fr", "en"], true),
  mission("RU", "the Russian Federation", ["ru", "en"], true),
  mission("GB", "the United Kingdom", ["en"], true),
  mission("US", "the United States", ["en"], true),
  mission("DK", "Denmark", ["da", "en"], false),
  mission("GR", "Greece", ["el", "en"], false),
  mission("PK", "Pakistan", ["en", "ur"], false),
  mission("PA", "Panama", ["es", "en"], false),
  mission("SO", "Somalia", ["so", "ar", "en"], false),
  mission("BH", "Bahrain", ["ar", "en"], false),
  mission("CO", "Colombia", ["es", "en"], false),
  mission("CD", "the Democratic Republic of the Congo", ["fr", "en"], false),
  mission("LV", "Latvia", ["lv", "en"], false),
  mission("LR", "Liberia", ["en"], false),
];

const ministry = (country: string, organisation: string, languages: string[], role = "Minister for Foreign Affairs"): SeedTarget => ({
  name: `The ${role}`,
  role,
  organisation,
  country,
  languages,
  email: `placeholder-mfa-${country.toLowerCase()}@example.org`,
});

// ASEAN's member states other than Myanmar, whose seat the junta holds.
const asean: SeedTarget[] = [
  ministry("BN", "Ministry of Foreign Affairs, Brunei Darussalam", ["ms", "en"]),
  ministry("KH", "Ministry of Foreign Affairs and International Cooperation, Cambodia", ["km", "en"]),
  ministry("ID", "Ministry of Foreign Affairs of the Republic of Indonesia", ["id", "en"]),
  ministry("LA", "Ministry of Foreign Affairs, Lao PDR", ["lo", "en"]),
  ministry("MY", "Ministry of Foreign Affairs, Malaysia", ["ms", "en"]),
  ministry("PH", "Department of Foreign Affairs, Philippines", ["en"], "Secretary of Foreign Affairs"),
  ministry("SG", "Ministry of Foreign Affairs, Singapore", ["en"]),
  ministry("TH", "Ministry of Foreign Affairs of the Kingdom of Thailand", ["th", "en"]),
  ministry("VN", "Ministry of Foreign Affairs, Viet Nam", ["vi", "en"]),
  ministry("TL", "Ministry of Foreign Affairs and Cooperation, Timor-Leste", ["pt", "en"]),
];

// National governments a supporter can ask to act for Myanmar's prisoners: their own.
const governments: SeedTarget[] = [
  ministry("AU", "Department of Foreign Affairs and Trade, Australia", ["en"]),
  ministry("BD", "Ministry of Foreign Affairs, Bangladesh", ["bn", "en"]),
  ministry("CA", "Global Affairs Canada", ["en", "fr"]),
  ministry("CH", "Federal Department of Foreign Affairs, Switzerland", ["de", "fr", "it", "en"], "Head of the Federal Department of Foreign Affairs"),
  ministry("DE", "Federal Foreign Office, Germany", ["de", "en"]),
  ministry("DK", "Ministry of Foreign Affairs of Denmark", ["da", "en"]),
  ministry("ES", "Ministry of Foreign Affairs, European Union and Cooperation, Spain", ["es"]),
  ministry("FI", "Ministry for Foreign Affairs of Finland", ["fi", "sv", "en"]),
  ministry("FR", "Ministry for Europe and Foreign Affairs, France", ["fr"]),
  ministry("GB", "Foreign, Commonwealth and Development Office, United Kingdom", ["en"], "Foreign Secretary"),
  ministry("ID", "Ministry of Foreign Affairs of the Republic of Indonesia", ["id", "en"]),
  ministry("IE", "Department of Foreign Affairs, Ireland", ["en", "ga"]),
  ministry("IN", "Ministry of External Affairs, India", ["en", "hi"], "Minister of External Affairs"),
  ministry("IT", "Ministry of Foreign Affairs and International Cooperation, Italy", ["it", "en"]),
  ministry("JP", "Ministry of Foreign Affairs of Japan", ["ja", "en"]),
  ministry("KR", "Ministry of Foreign Affairs, Republic of Korea", ["ko", "en"]),
  ministry("MY", "Ministry of Foreign Affairs, Malaysia", ["ms", "en"]),
  ministry("NL", "Ministry of Foreign Affairs of the Netherlands", ["nl", "en"]),
  ministry("NO", "Ministry of Foreign Affairs, Norway", ["no", "en"]),
  ministry("NZ", "Ministry of Foreign Affairs and Trade, New Zealand", ["en"]),
  ministry("PH", "Department of Foreign Affairs, Philippines", ["en"], "Secretary of Foreign Affairs"),
  ministry("SE", "Ministry for Foreign Affairs, Sweden", ["sv", "en"]),
  ministry("SG", "Ministry of Foreign Affairs, Singapore", ["en"]),
  ministry("TH", "Ministry of Foreign Affairs of the Kingdom of Thailand", ["th", "en"]),
  ministry("US", "U.S. Department of State", ["en"], "Secretary of State"),
];

export const seedTargetLists: SeedTargetList[] = [
  { slug: "un-security-council", name: "UN Security Council members (2026)", mode: "fixed", targets: securityCouncil },
  { slug: "asean-foreign-ministries", name: "ASEAN foreign ministries", mode: "fixed", targets: asean },
  { slug: "national-governments", name: "National governments (foreign ministries)", mode: "by_country", targets: governments },
];

/** Which list each seeded campaign writes to. */
export const seedCampaignTargets: Record<string, string> = {
  "arms-embargo": "un-security-council",
  "icc-referral": "un-security-council",
  "asean-engage-nug": "asean-foreign-ministries",
  "free-political-prisoners": "national-governments",
};
