#pragma once
// Umbrella header: everything a host needs to load scripts and walk sessions.
#include "parley/diagnostic.hpp"
#include "parley/diff.hpp"
#include "parley/format.hpp"
#include "parley/json.hpp"
#include "parley/library.hpp"
#include "parley/lint.hpp"
#include "parley/outcome.hpp"
#include "parley/result.hpp"
#include "parley/session.hpp"
#include "parley/text.hpp"
#include "parley/value.hpp"
#include "parley/version.hpp"
