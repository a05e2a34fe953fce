import { describe, expect, it } from 'vitest';
import { classifyHttp, classifyMcp, classifyName } from '../generator/ingest/classify.js';

// Real tool names from the BFCL catalogs (catalogs/bfcl) and how a person would class them.
const FUNCTIONS: [name: string, op: 'read' | 'write', effect?: string][] = [
  ['get_ticket', 'read'],
  ['close_ticket', 'write', 'action'],
  ['create_ticket', 'write', 'create'],
  ['edit_ticket', 'write', 'update'],
  ['resolve_ticket', 'write', 'action'],
  ['get_user_tickets', 'read'],
  ['ticket_get_login_status', 'read'],
  ['ticket_login', 'write', 'action'],
  ['logout', 'write', 'action'],
  ['cat', 'read'],
  ['ls', 'read'],
  ['grep', 'read'],
  ['sort', 'read'],
  ['cd', 'write', 'action'],
  ['mkdir', 'write', 'create'],
  ['touch', 'write', 'create'],
  ['mv', 'write', 'update'],
  ['rm', 'write', 'delete'],
  ['rmdir', 'write', 'delete'],
  ['add', 'read'],
  ['square_root', 'read'],
  ['standard_deviation', 'read'],
  ['gallon_to_liter', 'read'],
  ['add_contact', 'write', 'create'],
  ['add_to_watchlist', 'write', 'create'],
  ['send_message', 'write', 'action'],
  ['delete_message', 'write', 'delete'],
  ['view_messages_sent', 'read'],
  ['search_tweets', 'read'],
  ['post_tweet', 'write', 'create'],
  ['unfollow_user', 'write', 'delete'],
  ['place_order', 'write', 'create'],
  ['cancel_order', 'write', 'action'],
  ['remove_stock_from_watchlist', 'write', 'delete'],
  ['withdraw_funds', 'write', 'action'],
  ['get_flight_cost', 'read'],
  ['book_flight', 'write', 'create'],
  ['verify_traveler_information', 'read'],
  ['set_budget_limit', 'write', 'update'],
  ['displayCarStatus', 'read'],
  ['lockDoors', 'write', 'action'],
  ['startEngine', 'write', 'action'],
  ['adjustClimateControl', 'write', 'update'],
];

describe('read/write classification [ING-CLASSIFY]', () => {
  it.each(FUNCTIONS)('%s is %s %s', (name, op, effect) => {
    const c = classifyName(name);
    expect(c.op).toBe(op);
    expect(c.effect).toBe(effect);
  });

  // Real operations: Petstore, Stripe, DynamoDB, Slack, Google custom methods, GitHub.
  it.each([
    ['GET', '/pet/{petId}', 'getPetById', 'read', undefined],
    ['POST', '/pet', 'addPet', 'write', 'create'],
    ['PUT', '/pet', 'updatePet', 'write', 'update'],
    ['DELETE', '/pet/{petId}', 'deletePet', 'write', 'delete'],
    ['POST', '/v1/customers', 'PostCustomers', 'write', 'create'],
    ['POST', '/v1/customers/{customer}', 'PostCustomersCustomer', 'write', 'update'],
    ['POST', '/v1/payment_intents/{intent}/cancel', 'PostPaymentIntentsIntentCancel', 'write', 'action'],
    ['POST', '/v1/customers/search', undefined, 'read', undefined],
    ['POST', '/#X-Amz-Target=DynamoDB_20120810.GetItem', 'GetItem', 'read', undefined],
    ['POST', '/#X-Amz-Target=DynamoDB_20120810.DeleteItem', 'DeleteItem', 'write', 'delete'],
    ['POST', '/conversations.list', 'conversations_list', 'read', undefined],
    ['POST', '/v1/{name}:cancel', 'operations.cancel', 'write', 'action'],
    ['POST', '/v1/{parent}/documents:batchGet', undefined, 'read', undefined],
    ['POST', '/repos/{owner}/{repo}/issues', 'issues/create', 'write', 'create'],
    ['PATCH', '/repos/{owner}/{repo}', 'repos/update', 'write', 'update'],
  ] as const)('%s %s is %s', (method, path, operationId, op, effect) => {
    const c = classifyHttp(method, path, operationId);
    expect(c.op).toBe(op);
    expect(c.effect).toBe(effect);
  });

  it('lets MCP annotations decide over the name', () => {
    expect(classifyMcp('open_nodes', { readOnlyHint: true })).toEqual({ op: 'read' });
    expect(classifyMcp('read_graph', { readOnlyHint: false, destructiveHint: true })).toEqual({ op: 'write', effect: 'delete' });
    expect(classifyMcp('delete_entities', { readOnlyHint: false, destructiveHint: true })).toEqual({ op: 'write', effect: 'delete' });
    expect(classifyMcp('create_entities', undefined)).toEqual({ op: 'write', effect: 'create' });
    expect(classifyMcp('search_nodes', undefined)).toEqual({ op: 'read' });
  });
});
