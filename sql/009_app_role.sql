-- SPDX-License-Identifier: ISC — Rostra
-- The daemon connects as a role that reads and writes rows and nothing
-- more; the schema belongs to the role "rostra migrate" runs as. After its
-- migrations, every run of migrate calls rostra_grant_app with the
-- configured app_role, so a table a later migration adds is covered too.
-- A role name cannot be a bind parameter of GRANT: it is quoted here, with
-- format('%I'), never pasted into SQL by the caller.

CREATE FUNCTION rostra_grant_app(app name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	nsp	oid := current_schema()::regnamespace;
	nsp_name name := current_schema();
	r	record;
BEGIN
	SELECT rolsuper, rolcreaterole INTO r FROM pg_roles WHERE rolname = app;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'app_role "%" does not exist', app USING ERRCODE = 'undefined_object';
	END IF;
	-- Such a role could alter the schema whatever is granted here.
	IF r.rolsuper OR r.rolcreaterole THEN
		RAISE EXCEPTION 'app_role "%" is a superuser or may create roles: it could alter the schema', app
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF pg_has_role(app, (SELECT nspowner FROM pg_namespace WHERE oid = nsp), 'MEMBER')
	    OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = nsp
	    AND pg_has_role(app, c.relowner, 'MEMBER')) THEN
		RAISE EXCEPTION 'app_role "%" owns (or is a member of the owner of) the schema or its tables: give the daemon a role of its own', app
			USING ERRCODE = 'insufficient_privilege';
	END IF;

	-- The schema: the daemon may look things up in it and create nothing.
	-- PUBLIC loses CREATE there and on public, as PostgreSQL 15 does for a
	-- new database but not for one upgraded from an older release.
	EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', nsp_name, app);
	EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', nsp_name, app);
	FOR r IN SELECT n.nspname FROM pg_namespace n
	    WHERE (n.oid = nsp OR n.nspname = 'public')
	    AND EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a
	    WHERE a.grantee = 0 AND a.privilege_type = 'CREATE') LOOP
		EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', r.nspname);
	END LOOP;
	IF nsp_name <> 'public' AND to_regnamespace('public') IS NOT NULL THEN
		EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', app);
	END IF;

	-- Tables and sequences: exactly rows in, out, changed and removed, and
	-- the next value; no TRUNCATE (which would skip the append-only log's
	-- trigger), REFERENCES or TRIGGER. Extensions' objects and the
	-- migrations' own ledger are not the daemon's.
	FOR r IN SELECT c.relname, c.relkind FROM pg_class c
	    WHERE c.relnamespace = nsp AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
	    AND c.relname <> 'schema_migration'
	    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
	    AND d.objid = c.oid AND d.deptype = 'e')
	    ORDER BY c.relname LOOP
		IF r.relkind = 'S' THEN
			EXECUTE format('REVOKE ALL ON SEQUENCE %I.%I FROM %I', nsp_name, r.relname, app);
			EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I.%I TO %I', nsp_name, r.relname, app);
		ELSE
			EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %I', nsp_name, r.relname, app);
			EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I.%I TO %I',
				nsp_name, r.relname, app);
		END IF;
	END LOOP;

	-- Functions the triggers and statements call. regprocedure's text is
	-- the function's name and argument types, already quoted as needed.
	FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p
	    WHERE p.pronamespace = nsp AND p.prokind = 'f' AND p.proname <> 'rostra_grant_app'
	    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
	    AND d.objid = p.oid AND d.deptype = 'e')
	    ORDER BY 1 LOOP
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', r.fn, app);
	END LOOP;
END $$;
COMMENT ON FUNCTION rostra_grant_app(name) IS 'Called by rostra migrate after every run with app_role: gives that role SELECT, INSERT, UPDATE and DELETE on the tables of the current schema (not schema_migration), USAGE and SELECT on its sequences, EXECUTE on its functions and USAGE on the schema, and takes any other privilege on them away; refuses a superuser, a role that may create roles, or one that owns the schema or a table.';
REVOKE EXECUTE ON FUNCTION rostra_grant_app(name) FROM PUBLIC;
