/* ltouchpoint.h - private to src/lua/: touchpoint values, which
 * ltouchpoint.c makes and ljourney.c collects.
 */
#ifndef CX_LUA_LTOUCHPOINT_H
#define CX_LUA_LTOUCHPOINT_H

/* Metatable name of touchpoint values. */
#define CX_LUA_TOUCHPOINT_TYPE "cxsim.touchpoint"

#endif
