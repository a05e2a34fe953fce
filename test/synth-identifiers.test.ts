import { describe, expect, it } from 'vitest';
import { comment } from '../generator/synth/codegen.js';
import { ARGUMENT_NAME, argumentName, argumentNames, entityName, functionNames, packageName, SQL_IDENTIFIER, sqlName, tableName } from '../generator/synth/identifiers.js';

// Names a spec can contain. A spec is untrusted input.
const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  '"; DROP TABLE users; --',
  "'); DELETE FROM x; --",
  '../../etc/passwd',
  'a'.repeat(300),
  '名前',
  'émoji 🎉 name',
  '$top',
  'filter[name]',
  'x-amz-date',
  '1st_place',
  'rowid',
  'sqlite_master',
  '',
  '   ',
  'select',
  'order',
  '*/ alert(1) /*',
  'a\nb',
];

describe('identifiers from catalogs [SYN-SANITIZE]', () => {
  it.each(HOSTILE.map((n) => [JSON.stringify(n).slice(0, 40), n]))('turns %s into safe SQL names', (_label, raw) => {
    const name = sqlName(raw);
    expect(name).toMatch(SQL_IDENTIFIER);
    expect(['rowid', 'oid', '_rowid_', '__proto__', 'constructor', 'prototype']).not.toContain(name);
    expect(name.startsWith('sqlite_')).toBe(false);
    expect(tableName(entityName(raw))).toMatch(SQL_IDENTIFIER);
  });

  it.each(HOSTILE.map((n) => [JSON.stringify(n).slice(0, 40), n]))('turns %s into a safe argument name', (_label, raw) => {
    const name = argumentName(raw);
    expect(name).toMatch(ARGUMENT_NAME);
    expect(['__proto__', 'constructor', 'prototype']).not.toContain(name);
    expect(name.startsWith('__')).toBe(false);
  });

  it('keeps good catalog names as they are and makes colliding ones unique', () => {
    expect(argumentName('petId')).toBe('petId');
    expect(argumentName('ticket_id')).toBe('ticket_id');
    expect(argumentName('filter[name]')).toBe('filter_name');
    expect([...argumentNames(['user-id', 'user_id', 'User ID']).values()]).toEqual(['user_id', 'user_id_2', 'user_id_3']);
    expect([...argumentNames(['a'.repeat(300), `${'a'.repeat(300)}b`]).values()].every((n) => n.length <= 64)).toBe(true);
    expect(new Set(argumentNames(['a'.repeat(300), `${'a'.repeat(300)}b`]).values()).size).toBe(2);
  });

  it('names tables as plural entities', () => {
    expect(tableName('ticket')).toBe('tickets');
    expect(tableName('credit_card')).toBe('credit_cards');
    expect(tableName('category')).toBe('categories');
    expect(tableName('address')).toBe('addresses');
    expect(tableName('status')).toBe('statuses');
    expect(tableName('news')).toBe('news');
    expect(tableName('box')).toBe('boxes');
    expect(entityName('CreditCards')).toBe('credit_card');
  });

  it('never generates a function named after a JavaScript keyword, a global or the tools map, and never one name twice', () => {
    const names = functionNames(['delete', 'tool_delete', 'tools', 'undefined', 'NaN', 'Object', 'get_ticket', 'lockDoors', 'get-user', 'get_user', 'tool_get_user']);
    expect(Object.fromEntries(names)).toEqual({
      delete: 'tool_delete_2',
      tool_delete: 'tool_delete',
      tools: 'tool_tools',
      undefined: 'tool_undefined',
      NaN: 'tool_NaN',
      Object: 'tool_Object',
      get_ticket: 'get_ticket',
      lockDoors: 'lockDoors',
      'get-user': 'tool_get_user_2',
      get_user: 'get_user',
      tool_get_user: 'tool_get_user',
    });
    expect(new Set(names.values()).size).toBe(names.size);
  });

  it('refuses an unsafe package slug and keeps catalog text out of code in comments', () => {
    expect(packageName('ticket-user')).toBe('agentscaler-ticket-user');
    expect(() => packageName('../../evil')).toThrow(/unsafe domain slug/);
    expect(comment('ends */ here\nrm -rf /')).toBe('ends *\\/ here rm -rf /');
  });
});
