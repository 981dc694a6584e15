-- The worker's users: the fields of Django's auth_user that logging in and
-- authorising need, so `make users` can import `manage.py dumpdata auth.user`.
-- Applied by `make demo` / `make users` (scripts/d1-local.mjs) and by
-- `npx wrangler d1 migrations apply DB --local` (or `--remote`); both record
-- it in wrangler's d1_migrations table.
CREATE TABLE users (
  -- Tokens' user_id (Django's pk, kept on import).
  id INTEGER PRIMARY KEY,
  -- Matched exactly, as Django's ModelBackend matches it.
  username TEXT NOT NULL UNIQUE,
  -- Django's format: pbkdf2_sha256$<iterations>$<salt>$<base64 hash>.
  password TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- "admin" reaches /api/admin/ (Django's is_staff on import); NULL or "user" does not.
  role TEXT,
  -- Every token carries it (claim `ver`); a token with an older one is refused.
  -- Raised when the password changes or the user is deactivated.
  token_version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A deleted (or renumbered) user's id, with the last token version it had: a
-- user given that id later starts past it, so no token issued to the former
-- holder ever speaks for the new one. Triggers, so deletions by any means
-- (`make users REPLACE=1`, `wrangler d1 execute`) count.
CREATE TABLE retired_user_ids (
  id INTEGER PRIMARY KEY,
  token_version INTEGER NOT NULL
);

CREATE TRIGGER users_retire_deleted AFTER DELETE ON users BEGIN
  INSERT INTO retired_user_ids (id, token_version) VALUES (old.id, old.token_version)
    ON CONFLICT (id) DO UPDATE SET token_version = max(token_version, excluded.token_version);
END;

CREATE TRIGGER users_retire_renumbered AFTER UPDATE OF id ON users WHEN old.id <> new.id BEGIN
  INSERT INTO retired_user_ids (id, token_version) VALUES (old.id, old.token_version)
    ON CONFLICT (id) DO UPDATE SET token_version = max(token_version, excluded.token_version);
  UPDATE users SET token_version = max(token_version, (SELECT token_version + 1 FROM retired_user_ids WHERE id = new.id))
    WHERE id = new.id AND EXISTS (SELECT 1 FROM retired_user_ids WHERE id = new.id);
END;

CREATE TRIGGER users_reuse_retired AFTER INSERT ON users
  WHEN EXISTS (SELECT 1 FROM retired_user_ids WHERE id = new.id) BEGIN
  UPDATE users SET token_version = max(token_version, (SELECT token_version + 1 FROM retired_user_ids WHERE id = new.id))
    WHERE id = new.id;
END;
