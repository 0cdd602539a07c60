-- CreateEnum
CREATE TYPE "ResponsibilityDuty" AS ENUM ('LEAD', 'ASSIST');

-- AlterEnum
ALTER TYPE "LoginResult" ADD VALUE 'SECOND_FACTOR';

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "hash" VARCHAR(64),
ADD COLUMN     "prevHash" VARCHAR(64),
ALTER COLUMN "role" SET DATA TYPE VARCHAR(40);

-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordChangedAt" TIMESTAMP(3),
ADD COLUMN     "totpCipher" TEXT,
ADD COLUMN     "totpEnabledAt" TIMESTAMP(3),
ADD COLUMN     "totpLastStep" INTEGER,
ADD COLUMN     "totpPendingCipher" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- The role column keeps its values: a Role enum value becomes the same text. (The
-- generated DROP COLUMN + ADD COLUMN would have erased every user's role.)
ALTER TABLE "User" ALTER COLUMN "role" SET DATA TYPE VARCHAR(40) USING "role"::text;

-- DropEnum
DROP TYPE "Role";

-- CreateTable
CREATE TABLE "CustomRole" (
    "key" VARCHAR(40) NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "baseRole" VARCHAR(40) NOT NULL,
    "permissions" TEXT[],
    "description" VARCHAR(200) NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomRole_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" VARCHAR(64) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" VARCHAR(60) NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SettingsVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" VARCHAR(40) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SettingsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartmentStation" (
    "departmentId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DepartmentStation_pkey" PRIMARY KEY ("departmentId","unitId")
);

-- CreateTable
CREATE TABLE "ResponsibilityItem" (
    "id" SERIAL NOT NULL,
    "countyId" INTEGER NOT NULL,
    "level" "UnitLevel" NOT NULL,
    "departmentId" INTEGER,
    "categoryId" INTEGER NOT NULL,
    "matter" VARCHAR(200) NOT NULL,
    "basis" VARCHAR(500) NOT NULL DEFAULT '',
    "duty" "ResponsibilityDuty" NOT NULL DEFAULT 'LEAD',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResponsibilityItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_userId_codeHash_key" ON "RecoveryCode"("userId", "codeHash");

-- CreateIndex
CREATE INDEX "DepartmentStation_unitId_idx" ON "DepartmentStation"("unitId");

-- CreateIndex
CREATE INDEX "ResponsibilityItem_countyId_categoryId_level_idx" ON "ResponsibilityItem"("countyId", "categoryId", "level");

-- CreateIndex
CREATE INDEX "ResponsibilityItem_countyId_level_idx" ON "ResponsibilityItem"("countyId", "level");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentStation" ADD CONSTRAINT "DepartmentStation_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentStation" ADD CONSTRAINT "DepartmentStation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponsibilityItem" ADD CONSTRAINT "ResponsibilityItem_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponsibilityItem" ADD CONSTRAINT "ResponsibilityItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponsibilityItem" ADD CONSTRAINT "ResponsibilityItem_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "EventCategory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------
-- Hand-written: role references, the append-only hash-chained audit log, app role grants.
-- ---------------------------------------------------------------------------------------

-- Built-in role keys (lib/permissions.ts ROLES; tests/integration/admin-roles.test.ts
-- checks the two agree). A migration that adds a built-in role replaces this function.
CREATE FUNCTION vitalgrid_builtin_roles() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['GRID_WORKER', 'COMMUNITY_OFFICER', 'TOWNSHIP_OFFICER', 'CENTER_STAFF',
               'DEPARTMENT_STAFF', 'LEADER', 'ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN']
$$;

-- User.role holds a built-in key or a CustomRole key. Not a foreign key: built-in roles
-- are code, not rows (so truncating tables in tests and benchmarks keeps them).
CREATE FUNCTION vitalgrid_user_role_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role = ANY (vitalgrid_builtin_roles()) THEN RETURN NEW; END IF;
  -- FOR KEY SHARE: a custom role cannot be deleted while this transaction assigns it.
  PERFORM 1 FROM "CustomRole" WHERE key = NEW.role FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown role %', NEW.role USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER user_role_check BEFORE INSERT OR UPDATE OF role ON "User"
  FOR EACH ROW EXECUTE FUNCTION vitalgrid_user_role_check();

CREATE FUNCTION vitalgrid_custom_role_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "User" WHERE role = OLD.key) THEN
    RAISE EXCEPTION 'role % is assigned to users', OLD.key USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER custom_role_in_use BEFORE DELETE OR UPDATE OF key ON "CustomRole"
  FOR EACH ROW EXECUTE FUNCTION vitalgrid_custom_role_in_use();

-- The canonical content of an audit row, hashed into the chain. scripts/audit-verify.ts
-- recomputes it with the same expression; keep the two in step.
CREATE FUNCTION vitalgrid_audit_canonical(r "AuditLog") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_array(r.id, to_char(r.at, 'YYYY-MM-DD"T"HH24:MI:SS.US'), r."userId", r.username, r.role,
                          r.ip, r.action, r."targetType", r."targetId", r.result, r.details)::text
$$;

-- Every insert links to the row before it: hash = sha256(prevHash || canonical row). The
-- advisory lock (held to the end of the inserting transaction) and the id drawn under it
-- keep the chain linear when app instances write at the same time: the row before is
-- always the newest committed one. (READ COMMITTED: each statement sees commits made
-- before it took the lock.)
CREATE FUNCTION vitalgrid_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(1447510357);
  NEW.id := nextval(pg_get_serial_sequence('"AuditLog"', 'id'));
  SELECT hash INTO previous FROM "AuditLog" ORDER BY id DESC LIMIT 1;
  NEW."prevHash" := coalesce(previous, '');
  NEW.hash := encode(sha256(convert_to(NEW."prevHash" || vitalgrid_audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;

-- Append-only: UPDATE, DELETE and TRUNCATE are refused for every role, the owner and
-- superusers included. The one exception is the retention purge (scripts/audit-purge.ts):
-- with vitalgrid.audit_purge set in its transaction it may delete rows older than 180
-- days, never younger ones, whatever the retention setting says.
CREATE FUNCTION vitalgrid_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('vitalgrid.audit_purge', true) = 'on'
       AND OLD.at < (now() AT TIME ZONE 'UTC') - interval '180 days' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- Rows written before this migration join the chain in id order.
DO $$
DECLARE
  r record;
  previous text := '';
BEGIN
  FOR r IN SELECT * FROM "AuditLog" ORDER BY id LOOP
    UPDATE "AuditLog" SET "prevHash" = previous,
      hash = encode(sha256(convert_to(previous || vitalgrid_audit_canonical(r::"AuditLog"), 'UTF8')), 'hex')
      WHERE id = r.id RETURNING hash INTO previous;
  END LOOP;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION vitalgrid_audit_chain();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION vitalgrid_audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION vitalgrid_audit_refuse();

CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog" (action, at);

-- The privileges of the application's database role (README "Administration and
-- audit"): everything it needs on the tables, and on the audit log only SELECT and
-- INSERT. Run by this migration for the conventional role name, and again by hand for
-- another name: SELECT vitalgrid_grant_app('my_role').
CREATE FUNCTION vitalgrid_grant_app(app_role text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', app_role);
  -- Tables later migrations create (as the role running them) are granted the same way.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "AuditLog" FROM %I', app_role);
  EXECUTE format('REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON "AuditLog" TO %I', app_role);
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vitalgrid_app') THEN
    PERFORM vitalgrid_grant_app('vitalgrid_app');
  END IF;
END $$;
