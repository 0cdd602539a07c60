-- CreateTable
CREATE TABLE "DashboardEventMonth" (
    "gridId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "reported" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "onTime" INTEGER NOT NULL DEFAULT 0,
    "grassroots" INTEGER NOT NULL DEFAULT 0,
    "resolvedGrid" INTEGER NOT NULL DEFAULT 0,
    "resolvedCommunity" INTEGER NOT NULL DEFAULT 0,
    "rated" INTEGER NOT NULL DEFAULT 0,
    "satisfied" INTEGER NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DashboardEventMonth_pkey" PRIMARY KEY ("gridId","month")
);

-- CreateTable
CREATE TABLE "DashboardEventCountyMonth" (
    "countyId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "categoryId" INTEGER NOT NULL,
    "source" "EventSource" NOT NULL,
    "reported" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "onTime" INTEGER NOT NULL DEFAULT 0,
    "grassroots" INTEGER NOT NULL DEFAULT 0,
    "resolvedGrid" INTEGER NOT NULL DEFAULT 0,
    "resolvedCommunity" INTEGER NOT NULL DEFAULT 0,
    "rated" INTEGER NOT NULL DEFAULT 0,
    "satisfied" INTEGER NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DashboardEventCountyMonth_pkey" PRIMARY KEY ("countyId","month","categoryId","source")
);

-- CreateTable
CREATE TABLE "DashboardEventDelta" (
    "id" BIGSERIAL NOT NULL,
    "gridId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "categoryId" INTEGER NOT NULL,
    "source" "EventSource" NOT NULL,
    "reported" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "onTime" INTEGER NOT NULL DEFAULT 0,
    "grassroots" INTEGER NOT NULL DEFAULT 0,
    "resolvedGrid" INTEGER NOT NULL DEFAULT 0,
    "resolvedCommunity" INTEGER NOT NULL DEFAULT 0,
    "rated" INTEGER NOT NULL DEFAULT 0,
    "satisfied" INTEGER NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DashboardEventDelta_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DashboardEventMonth_month_idx" ON "DashboardEventMonth"("month");

-- Hand-written (dashboard module): monthly rollups of the event figures that a long period
-- would otherwise count event by event (lib/dashboard/rollup.ts reads them; the
-- definitions are lib/dashboard/rates.ts): per grid (DashboardEventMonth), and per county by
-- category and source (DashboardEventCountyMonth). Months, not days: at the scale the
-- dashboard is built for (500,000 events over two years in 1,200 grids) a grid has about
-- one event a day, so daily rows would be as many as the events themselves.
--
-- Exactness. At every commit, base rows + pending deltas = the sum over all events of
-- dashboard_event_contribution(event, whether any of its deadlines fired, +1):
--   * a change of an event row appends (new contribution - old contribution), computed by
--     a row trigger with the event's deadlines as they are then;
--   * a statement changing deadlines appends, for each closed event whose "any deadline
--     fired" flipped in it, +-1 on time. It locks the event row first (as the deadline
--     timer and every transition do), so it and a concurrent change of the event apply one
--     after the other, the second seeing the first's committed result (READ COMMITTED, the
--     application's level: a trigger's next statement takes a fresh snapshot);
--   * writers only append to DashboardEventDelta and never update a shared row, so they
--     never wait for each other here; dashboard_event_rollup_compact() moves the deltas into
--     the rollups in one statement (a reader sees either the deltas or their sums);
--   * dashboard_event_rollup_rebuild() recounts everything from the events, e.g. after a
--     bulk load with triggers off (session_replication_role = replica skips them).
-- One statement must not change both events and their deadlines (a data-modifying CTE):
-- each trigger would count the other's change. The application never does that.

-- The first day of the China-time calendar month of a UTC timestamp.
CREATE FUNCTION dashboard_month_cn(at timestamp) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('month', at + interval '8 hours')::date
$$;

-- What one event adds to the rollups (dir = 1) or takes away from them (dir = -1).
CREATE FUNCTION dashboard_event_contribution(e "Event", fired boolean, dir int)
RETURNS TABLE ("gridId" int, "month" date, "categoryId" int, "source" "EventSource", "reported" int, "closed" int,
  "onTime" int, "grassroots" int, "resolvedGrid" int, "resolvedCommunity" int, "rated" int, "satisfied" int, "ratingSum" int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT e."gridId", dashboard_month_cn(e."reportedAt"), e."categoryId", e."source", dir, 0, 0, 0, 0, 0, 0, 0, 0
  WHERE e."state" <> 'MERGED'
  UNION ALL
  SELECT e."gridId", dashboard_month_cn(e."closedAt"), e."categoryId", e."source", 0, dir,
    CASE WHEN fired THEN 0 ELSE dir END,
    CASE WHEN x.g THEN dir ELSE 0 END,
    CASE WHEN x.g AND e."resolvedLevel" = 'GRID' THEN dir ELSE 0 END,
    CASE WHEN x.g AND e."resolvedLevel" IN ('GRID', 'VILLAGE') THEN dir ELSE 0 END,
    CASE WHEN e."rating" IS NOT NULL THEN dir ELSE 0 END,
    CASE WHEN e."rating" >= 4 THEN dir ELSE 0 END,
    dir * coalesce(e."rating", 0)
  FROM (SELECT e."source" IN ('GRID_REPORT', 'SENTIMENT') AS g) x
  WHERE e."state" = 'CLOSED' AND e."closedAt" IS NOT NULL
$$;

CREATE FUNCTION dashboard_event_fired(event_id text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "EventDeadline" d WHERE d."eventId" = event_id AND d."status" = 'FIRED')
$$;

CREATE FUNCTION dashboard_event_rollup_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_fired boolean := false;
  new_fired boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."state" = 'CLOSED' THEN old_fired := dashboard_event_fired(OLD."id"); END IF;
  IF TG_OP <> 'DELETE' AND NEW."state" = 'CLOSED' THEN new_fired := dashboard_event_fired(NEW."id"); END IF;
  INSERT INTO "DashboardEventDelta" ("gridId", "month", "categoryId", "source", "reported", "closed", "onTime",
    "grassroots", "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum")
  SELECT c."gridId", c."month", c."categoryId", c."source", sum(c."reported"), sum(c."closed"), sum(c."onTime"),
    sum(c."grassroots"), sum(c."resolvedGrid"), sum(c."resolvedCommunity"), sum(c."rated"), sum(c."satisfied"), sum(c."ratingSum")
  FROM (
    SELECT * FROM dashboard_event_contribution(OLD, old_fired, -1) WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT * FROM dashboard_event_contribution(NEW, new_fired, 1) WHERE TG_OP <> 'DELETE'
  ) c
  GROUP BY c."gridId", c."month", c."categoryId", c."source"
  HAVING sum(c."reported") <> 0 OR sum(c."closed") <> 0 OR sum(c."onTime") <> 0 OR sum(c."grassroots") <> 0
    OR sum(c."resolvedGrid") <> 0 OR sum(c."resolvedCommunity") <> 0 OR sum(c."rated") <> 0
    OR sum(c."satisfied") <> 0 OR sum(c."ratingSum") <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_event_rollup_insert AFTER INSERT ON "Event"
  FOR EACH ROW EXECUTE FUNCTION dashboard_event_rollup_on_event();
CREATE TRIGGER dashboard_event_rollup_delete AFTER DELETE ON "Event"
  FOR EACH ROW EXECUTE FUNCTION dashboard_event_rollup_on_event();
-- Most updates of an event (assignments, supervision, versions) change nothing counted.
CREATE TRIGGER dashboard_event_rollup_update AFTER UPDATE ON "Event"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."gridId" IS DISTINCT FROM NEW."gridId"
    OR OLD."categoryId" IS DISTINCT FROM NEW."categoryId" OR OLD."source" IS DISTINCT FROM NEW."source"
    OR OLD."state" IS DISTINCT FROM NEW."state" OR OLD."reportedAt" IS DISTINCT FROM NEW."reportedAt"
    OR OLD."closedAt" IS DISTINCT FROM NEW."closedAt" OR OLD."resolvedLevel" IS DISTINCT FROM NEW."resolvedLevel"
    OR OLD."rating" IS DISTINCT FROM NEW."rating")
  EXECUTE FUNCTION dashboard_event_rollup_on_event();

-- Deadlines. `changes` maps an event id to the statement's net change in its FIRED rows.
CREATE FUNCTION dashboard_event_rollup_fired_changed(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ch record;
  e record;
  fired_now integer;
BEGIN
  FOR ch IN SELECT j.key AS event_id, j.value::int AS d FROM jsonb_each_text(changes) j WHERE j.value::int <> 0 ORDER BY j.key LOOP
    SELECT ev."gridId", ev."categoryId", ev."source", ev."state", ev."closedAt" INTO e
    FROM "Event" ev WHERE ev."id" = ch.event_id FOR NO KEY UPDATE;
    CONTINUE WHEN NOT FOUND OR e."state" <> 'CLOSED' OR e."closedAt" IS NULL;
    -- A new statement, so a new snapshot: every change committed before the lock was granted.
    SELECT count(*) INTO fired_now FROM "EventDeadline" d WHERE d."eventId" = ch.event_id AND d."status" = 'FIRED';
    IF (fired_now > 0) <> (fired_now - ch.d > 0) THEN
      INSERT INTO "DashboardEventDelta" ("gridId", "month", "categoryId", "source", "onTime")
      VALUES (e."gridId", dashboard_month_cn(e."closedAt"), e."categoryId", e."source", CASE WHEN fired_now > 0 THEN -1 ELSE 1 END);
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION dashboard_event_rollup_on_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes jsonb;
BEGIN
  -- Each transition table exists only for the operations that have it.
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(x."eventId", x.d) INTO changes
    FROM (SELECT n."eventId", count(*) AS d FROM new_rows n WHERE n."status" = 'FIRED' GROUP BY 1) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_object_agg(x."eventId", x.d) INTO changes
    FROM (SELECT o."eventId", -count(*) AS d FROM old_rows o WHERE o."status" = 'FIRED' GROUP BY 1) x;
  ELSE
    SELECT jsonb_object_agg(x."eventId", x.d) INTO changes
    FROM (
      SELECT y."eventId", sum(y.d) AS d FROM (
        SELECT o."eventId", -1 AS d FROM old_rows o WHERE o."status" = 'FIRED'
        UNION ALL
        SELECT n."eventId", 1 AS d FROM new_rows n WHERE n."status" = 'FIRED'
      ) y GROUP BY 1
    ) x;
  END IF;
  IF changes IS NOT NULL THEN PERFORM dashboard_event_rollup_fired_changed(changes); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_event_rollup_deadline_insert AFTER INSERT ON "EventDeadline"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_deadline();
CREATE TRIGGER dashboard_event_rollup_deadline_update AFTER UPDATE ON "EventDeadline"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_deadline();
CREATE TRIGGER dashboard_event_rollup_deadline_delete AFTER DELETE ON "EventDeadline"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_deadline();

-- Recounts both rollups from the events. The table locks wait for writers that have
-- appended deltas and hold back new ones until this commits, so that every change is
-- counted exactly once.
CREATE FUNCTION dashboard_event_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "DashboardEventDelta", "DashboardEventMonth", "DashboardEventCountyMonth" IN EXCLUSIVE MODE;
  DELETE FROM "DashboardEventDelta";
  DELETE FROM "DashboardEventMonth";
  DELETE FROM "DashboardEventCountyMonth";
  WITH c AS (
    SELECT c.* FROM "Event" e
    CROSS JOIN LATERAL dashboard_event_contribution(e, e."state" = 'CLOSED' AND dashboard_event_fired(e."id"), 1) c
  ), per_grid AS (
    INSERT INTO "DashboardEventMonth" ("gridId", "month", "reported", "closed", "onTime", "grassroots",
      "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum")
    SELECT c."gridId", c."month", sum(c."reported"), sum(c."closed"), sum(c."onTime"), sum(c."grassroots"),
      sum(c."resolvedGrid"), sum(c."resolvedCommunity"), sum(c."rated"), sum(c."satisfied"), sum(c."ratingSum")
    FROM c GROUP BY c."gridId", c."month"
  )
  INSERT INTO "DashboardEventCountyMonth" ("countyId", "month", "categoryId", "source", "reported", "closed", "onTime",
    "grassroots", "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum")
  SELECT u."pathIds"[1], c."month", c."categoryId", c."source", sum(c."reported"), sum(c."closed"), sum(c."onTime"),
    sum(c."grassroots"), sum(c."resolvedGrid"), sum(c."resolvedCommunity"), sum(c."rated"), sum(c."satisfied"), sum(c."ratingSum")
  FROM c JOIN "Unit" u ON u.id = c."gridId"
  GROUP BY u."pathIds"[1], c."month", c."categoryId", c."source";
END $$;

-- Moves the pending deltas into the rollups in one statement; one caller at a time (the
-- others return at once). Returns the number of deltas moved.
CREATE FUNCTION dashboard_event_rollup_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(22084, 1) THEN RETURN 0; END IF;
  WITH gone AS (
    DELETE FROM "DashboardEventDelta" RETURNING *
  ), per_grid AS (
    INSERT INTO "DashboardEventMonth" AS m ("gridId", "month", "reported", "closed", "onTime", "grassroots",
      "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum")
    SELECT g."gridId", g."month", sum(g."reported"), sum(g."closed"), sum(g."onTime"), sum(g."grassroots"),
      sum(g."resolvedGrid"), sum(g."resolvedCommunity"), sum(g."rated"), sum(g."satisfied"), sum(g."ratingSum")
    FROM gone g GROUP BY g."gridId", g."month" ORDER BY g."gridId", g."month"
    ON CONFLICT ("gridId", "month") DO UPDATE SET
      "reported" = m."reported" + EXCLUDED."reported", "closed" = m."closed" + EXCLUDED."closed",
      "onTime" = m."onTime" + EXCLUDED."onTime", "grassroots" = m."grassroots" + EXCLUDED."grassroots",
      "resolvedGrid" = m."resolvedGrid" + EXCLUDED."resolvedGrid",
      "resolvedCommunity" = m."resolvedCommunity" + EXCLUDED."resolvedCommunity",
      "rated" = m."rated" + EXCLUDED."rated", "satisfied" = m."satisfied" + EXCLUDED."satisfied",
      "ratingSum" = m."ratingSum" + EXCLUDED."ratingSum"
  ), per_county AS (
    INSERT INTO "DashboardEventCountyMonth" AS m ("countyId", "month", "categoryId", "source", "reported", "closed",
      "onTime", "grassroots", "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum")
    SELECT u."pathIds"[1], g."month", g."categoryId", g."source", sum(g."reported"), sum(g."closed"), sum(g."onTime"),
      sum(g."grassroots"), sum(g."resolvedGrid"), sum(g."resolvedCommunity"), sum(g."rated"), sum(g."satisfied"), sum(g."ratingSum")
    FROM gone g JOIN "Unit" u ON u.id = g."gridId"
    GROUP BY u."pathIds"[1], g."month", g."categoryId", g."source"
    ORDER BY u."pathIds"[1], g."month", g."categoryId", g."source"
    ON CONFLICT ("countyId", "month", "categoryId", "source") DO UPDATE SET
      "reported" = m."reported" + EXCLUDED."reported", "closed" = m."closed" + EXCLUDED."closed",
      "onTime" = m."onTime" + EXCLUDED."onTime", "grassroots" = m."grassroots" + EXCLUDED."grassroots",
      "resolvedGrid" = m."resolvedGrid" + EXCLUDED."resolvedGrid",
      "resolvedCommunity" = m."resolvedCommunity" + EXCLUDED."resolvedCommunity",
      "rated" = m."rated" + EXCLUDED."rated", "satisfied" = m."satisfied" + EXCLUDED."satisfied",
      "ratingSum" = m."ratingSum" + EXCLUDED."ratingSum"
  )
  SELECT count(*) INTO moved FROM gone;
  RETURN moved;
END $$;

-- Emptying the events or their deadlines wholesale (TRUNCATE fires no row trigger), and a
-- grid changing county (units move only inside their county today): recount.
CREATE FUNCTION dashboard_event_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_event_rollup_rebuild();
  RETURN NULL;
END $$;
CREATE TRIGGER dashboard_event_rollup_truncate_events AFTER TRUNCATE ON "Event"
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_truncate();
CREATE TRIGGER dashboard_event_rollup_truncate_deadlines AFTER TRUNCATE ON "EventDeadline"
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_truncate();

CREATE FUNCTION dashboard_event_rollup_on_unit_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_units o JOIN new_units n ON n.id = o.id WHERE o."pathIds"[1] IS DISTINCT FROM n."pathIds"[1]) THEN
    PERFORM dashboard_event_rollup_rebuild();
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER dashboard_event_rollup_unit_move AFTER UPDATE ON "Unit"
  REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION dashboard_event_rollup_on_unit_move();

-- Category-filtered figures below the county read closed events by category.
CREATE INDEX "Event_dash_closed_category_idx" ON "Event" ("categoryId", "closedAt") INCLUDE ("gridId", "source", "resolvedLevel", "rating", "id") WHERE "state" = 'CLOSED';

-- The events already there.
SELECT dashboard_event_rollup_rebuild();
