export const TEMPLATE_DB = "pult_test_template";
export const TEST_APP_PASSWORD = "pult-app-test-password";
/** 32 zero-ish bytes are fine for tests; real keys come from env. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString("base64");
