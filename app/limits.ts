/** Input limits, shared by the zod schemas (server) and the forms that show them (browser). */
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;
export const AREA_MAX = 100;
export const TARGETS_MAX = 50;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
