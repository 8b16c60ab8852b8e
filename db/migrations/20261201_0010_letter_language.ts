import { sql, type Kysely } from "kysely";

/**
 * The language a letter is written in, which is the language of the template the composer
 * showed and not always the page's (a page without a translation shows the default language's);
 * letters written before it was stored have none and use their page's language. And an
 * organiser's choice of how a letter addresses an official, where the role does not tell.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("letter_locale", "text").execute();
  await db.schema
    .alterTable("targets")
    .addColumn("salutation", "text", (c) => c.check(sql`salutation in ('minister', 'ambassador', 'name', 'sir-or-madam')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("targets").dropColumn("salutation").execute();
  await db.schema.alterTable("messages").dropColumn("letter_locale").execute();
}
