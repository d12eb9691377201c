import * as z from 'zod/mini';
import id from 'zod/v4/locales/id.js';

// zod's generic messages (wrong type, unknown key, …) in Bahasa Indonesia, like our own.
z.config(id());
