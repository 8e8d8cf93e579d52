/** Default zod messages in Russian (the UI language). Imported once by the API entry points. */
import { z } from "zod";

z.config(z.locales.ru());
