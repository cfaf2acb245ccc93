-- Schema-cache test fixture: exposed schemas public and api, unexposed private.
create type public.status as enum ('todo', 'doing', 'done');
create domain public.email as varchar(120) check (value like '%@%');
create domain public.positive as integer not null default 1 check (value > 0);

create table public.clients (
  id serial primary key,
  name text not null
);
comment on table public.clients is 'Who pays';
comment on column public.clients.name is 'Legal name';

create table public.projects (
  id integer primary key,
  name varchar(40) not null,
  client_id integer references public.clients (id),
  status public.status not null default 'todo',
  budget numeric(10, 2),
  code char(4),
  tags text[] default '{}',
  name_upper text generated always as (upper(name)) stored
);

create table public.users (
  id bigint generated always as identity primary key,
  email public.email unique,
  seats public.positive
);

-- Junction: its primary key covers both foreign keys.
create table public.users_projects (
  user_id bigint references public.users (id),
  project_id integer references public.projects (id),
  role text,
  primary key (user_id, project_id)
);

-- One-to-one: the foreign key is the primary key.
create table public.profiles (
  user_id bigint primary key references public.users (id),
  bio text
);

-- Two foreign keys to the same table.
create table public.messages (
  id serial primary key,
  sender_id bigint not null references public.users (id),
  recipient_id bigint not null references public.users (id),
  body text
);

-- Self-referencing.
create table public.employees (
  id integer primary key,
  manager_id integer references public.employees (id),
  name text
);

-- Composite primary and foreign keys.
create table public.shifts (
  unit text,
  day date,
  slot integer,
  primary key (unit, day)
);
create table public.assignments (
  id integer primary key,
  unit text,
  day date,
  constraint assignments_shift_fkey foreign key (unit, day) references public.shifts (unit, day)
);

create view public.projects_view as select id, name, client_id, status from public.projects;
create view public.client_names as select id as client_key, name from public.clients;
create view public.project_counts as select client_id, count(*) as n from public.projects group by client_id;
create materialized view public.project_stats as select id, budget from public.projects;
comment on view public.projects_view is 'Projects, simply';

create schema private;
create table private.secrets (
  id integer primary key,
  project_id integer references public.projects (id),
  value text
);
create view public.secrets_view as select id, project_id from private.secrets;

create table public.events (id integer, at date, primary key (id, at)) partition by range (at);
create table public.events_2024 partition of public.events for values from ('2024-01-01') to ('2025-01-01');

create function public.get_projects(min_id integer) returns setof public.projects
  language sql stable as 'select * from public.projects where id >= min_id';
comment on function public.get_projects(integer) is 'Projects from an id on';
create function public.one_project(p_id integer) returns public.projects
  language sql stable as 'select * from public.projects where id = p_id';
create function public.project_names() returns table (id integer, name text)
  language sql stable as 'select id, name::text from public.projects';
create function public.with_out(a integer, out doubled integer, out tripled integer)
  language sql immutable as 'select a * 2, a * 3';
create function public.sum_all(variadic nums integer[]) returns integer
  language sql immutable as 'select sum(n)::integer from unnest(nums) n';
create function public.touch(p_id integer, note text default null) returns void
  language plpgsql volatile as 'begin end';
create function public.echo(text) returns text language sql immutable as 'select $1';
create function public.two_unnamed(integer, integer) returns integer language sql immutable as 'select $1 + $2';
create function public.overloaded(a integer) returns integer language sql immutable as 'select a';
create function public.overloaded(a integer, b text) returns integer language sql immutable as 'select a';
create function public.emails() returns setof public.email language sql stable as 'select email from public.users';
create function public.a_trigger() returns trigger language plpgsql as 'begin return new; end';

create schema api;
create table api.projects (id integer primary key, title text);
create table api.tasks (id integer primary key, project_id integer references api.projects (id));
create function api.add(a integer, b integer default 1) returns integer language sql immutable as 'select a + b';
