// load_targets with the parsed-targets cache: a second load decodes instead of parsing and gives
// exactly what parsing gives; changed, broken, foreign and stale entries are handled.
#include "targets_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>

#include "targetwatch/config/targets_file.h"
#include "test_support.h"

namespace targetwatch {
namespace {

namespace fs = std::filesystem;
using test::dump;
using test::warnings_at;

std::string department(const std::string& code, const std::string& extra = "") {
  return "schema_version = 1\n"
         "[department]\n"
         "code = \"" +
         code +
         "\"\n"
         "name = \"测试局\"\n"
         "fiscal_year = 2025\n"
         "amount_unit = \"万元\"\n" +
         extra;
}

std::string project(const std::string& code) {
  return "[[project]]\ncode = \"" + code + "\"\nname = \"项目" + code + "\"\nbudget = 10\n";
}

// A file with three warnings: an unknown key (line 7), a deadline outside the fiscal year and a
// budget split that does not add up.
std::string with_warnings() {
  return department("820", "nmae = \"typo\"\n") + project("P820-1") +
         "fiscal_funds = 3\n"
         "other_funds = 3\n"
         "[[project.indicator]]\n"
         "id = \"timeliness-1\"\n"
         "name = \"完成时间\"\n"
         "comparator = \"deadline\"\n"
         "deadline = 2026-03-31\n";
}

// A scratch targets directory with three files and a cache directory beside it.
struct ThreeFiles {
  test::ScratchDir root;
  std::string targets;
  std::string cache;
  ThreeFiles() {
    targets = root.path() + "/targets";
    cache = root.path() + "/cache";
    fs::create_directories(targets);
    fs::copy_file(test::fixture("valid-small.toml"), targets + "/a-small.toml");
    root.write("targets/b-warnings.toml", with_warnings());
    root.write("targets/c-other.toml", department("830") + project("P830-1") + project("P830-2"));
  }
  TargetsCacheOptions options(const std::string& fingerprint = "build-1") const {
    return {cache, fingerprint};
  }
};

void expect_same_load(const TargetsLoad& got, const TargetsLoad& want) {
  EXPECT_TRUE(got.targets == want.targets);
  ASSERT_EQ(got.diagnostics.size(), want.diagnostics.size())
      << dump(got.diagnostics) << "--- want\n"
      << dump(want.diagnostics);
  for (std::size_t i = 0; i < got.diagnostics.size(); ++i) {
    EXPECT_EQ(got.diagnostics[i].severity, want.diagnostics[i].severity);
    EXPECT_EQ(got.diagnostics[i].to_string(), want.diagnostics[i].to_string());
  }
}

std::set<std::string> entries(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(TargetsCache, SecondLoadDecodesEveryFileAndEqualsParsing) {
  ThreeFiles s;
  const TargetsLoad plain = load_targets({s.targets});
  ASSERT_TRUE(plain.ok()) << dump(plain.diagnostics);
  ASSERT_EQ(plain.targets.departments.size(), 3u);
  EXPECT_EQ(plain.cache.hits + plain.cache.misses + plain.cache.stored, 0u);

  const TargetsLoad cold = load_targets({s.targets}, s.options());
  EXPECT_EQ(cold.cache.hits, 0u);
  EXPECT_EQ(cold.cache.misses, 3u);
  EXPECT_EQ(cold.cache.stored, 3u);
  EXPECT_EQ(cold.cache.problem, "");
  expect_same_load(cold, plain);
  EXPECT_EQ(entries(s.cache).size(), 3u);

  const TargetsLoad warm = load_targets({s.targets}, s.options());
  EXPECT_EQ(warm.cache.hits, 3u);
  EXPECT_EQ(warm.cache.misses, 0u);
  EXPECT_EQ(warm.cache.stored, 0u);
  EXPECT_EQ(warm.cache.removed, 0u);
  expect_same_load(warm, plain);
  // The decoded warnings carry this load's file name and their lines.
  const std::string file = s.targets + "/b-warnings.toml";
  EXPECT_EQ(warnings_at(warm.diagnostics, 7, "department.nmae", "unknown"), 1)
      << dump(warm.diagnostics);
  int in_file = 0;
  for (const Diagnostic& d : warm.diagnostics) in_file += d.file == file ? 1 : 0;
  EXPECT_EQ(in_file, 3) << dump(warm.diagnostics);
}

TEST(TargetsCache, TheProgramsBuildIdIsTheDefaultFingerprint) {
  const auto id = config_detail::program_build_id();
  ASSERT_TRUE(id.has_value()) << "the tests are linked with a GNU build-id (--build-id)";
  EXPECT_GE(id->size(), 16u);
  EXPECT_EQ(id->find_first_not_of("0123456789abcdef"), std::string::npos) << *id;

  ThreeFiles s;
  EXPECT_EQ(load_targets({s.targets}, {s.cache, ""}).cache.stored, 3u);
  EXPECT_EQ(load_targets({s.targets}, {s.cache, ""}).cache.hits, 3u);
}

TEST(TargetsCache, KeysDependOnContentAndParser) {
  test::ScratchDir dir;
  auto a = config_detail::TargetsCacheDir::open(dir.path(), "build-a");
  auto b = config_detail::TargetsCacheDir::open(dir.path(), "build-b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->key_of("x = 1\n"), a->key_of("x = 1\n"));
  EXPECT_NE(a->key_of("x = 1\n"), a->key_of("x = 2\n"));
  EXPECT_NE(a->key_of("x = 1\n"), b->key_of("x = 1\n"));
  EXPECT_EQ(a->key_of("").size(), 64u);
  // The digest is SHA-256 (FIPS 180-2's "abc" example).
  EXPECT_EQ(config_detail::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TargetsCache, AnotherBuildNeverReadsTheEntries) {
  ThreeFiles s;
  load_targets({s.targets}, s.options("build-1"));
  const TargetsLoad other = load_targets({s.targets}, s.options("build-2"));
  EXPECT_EQ(other.cache.hits, 0u);
  EXPECT_EQ(other.cache.stored, 3u);
  EXPECT_EQ(other.cache.removed, 3u);  // build-1's entries
  EXPECT_EQ(entries(s.cache).size(), 3u);
}

TEST(TargetsCache, SameContentUnderAnotherNameHitsWithThatName) {
  ThreeFiles s;
  load_targets({s.targets}, s.options());
  const std::string renamed = s.root.path() + "/renamed";
  fs::create_directories(renamed);
  fs::copy_file(s.targets + "/b-warnings.toml", renamed + "/zz.toml");
  const TargetsLoad plain = load_targets({renamed});
  const TargetsLoad load = load_targets({renamed}, s.options());
  EXPECT_EQ(load.cache.hits, 1u);
  expect_same_load(load, plain);
  ASSERT_FALSE(load.diagnostics.empty());
  EXPECT_EQ(load.diagnostics[0].file, renamed + "/zz.toml");
}

TEST(TargetsCache, AChangedFileMissesAndIsCachedAgain) {
  ThreeFiles s;
  load_targets({s.targets}, s.options());
  s.root.write("targets/c-other.toml", department("830") + project("P830-9"));
  const TargetsLoad plain = load_targets({s.targets});
  const TargetsLoad changed = load_targets({s.targets}, s.options());
  EXPECT_EQ(changed.cache.hits, 2u);
  EXPECT_EQ(changed.cache.misses, 1u);
  EXPECT_EQ(changed.cache.stored, 1u);
  EXPECT_EQ(changed.cache.removed, 1u);  // the old content's entry
  expect_same_load(changed, plain);
  ASSERT_NE(changed.targets.find_department("830"), nullptr);
  EXPECT_EQ(changed.targets.find_department("830")->projects.at(0).code, "P830-9");
  EXPECT_EQ(load_targets({s.targets}, s.options()).cache.hits, 3u);
}

TEST(TargetsCache, FilesWithErrorsAreNeverCached) {
  ThreeFiles s;
  s.root.write("targets/d-broken.toml", department("840") + "[[project]]\ncode = \"P1\"\n");
  const TargetsLoad plain = load_targets({s.targets});
  ASSERT_FALSE(plain.ok());
  for (int i = 0; i < 2; ++i) {
    const TargetsLoad load = load_targets({s.targets}, s.options());
    EXPECT_EQ(load.cache.hits, i == 0 ? 0u : 3u);
    EXPECT_EQ(load.cache.misses, i == 0 ? 4u : 1u);
    EXPECT_EQ(load.cache.stored, i == 0 ? 3u : 0u);
    expect_same_load(load, plain);
  }
  EXPECT_EQ(entries(s.cache).size(), 3u);
}

TEST(TargetsCache, ChecksAcrossFilesRunOnEveryLoad) {
  test::ScratchDir root;
  const std::string targets = root.path() + "/t";
  // Each file is fine alone; together they repeat a project code (an error) and share one with
  // another department (a warning): only the merge sees that.
  root.write("t/a.toml", department("850") + project("P1"));
  root.write("t/b.toml", department("850", "lag_tolerance = 0.1\n") + project("P1"));
  root.write("t/c.toml", department("860") + project("P1"));
  const TargetsLoad plain = load_targets({targets});
  ASSERT_FALSE(plain.ok());
  const TargetsCacheOptions options{root.path() + "/cache", "build-1"};
  EXPECT_EQ(load_targets({targets}, options).cache.stored, 3u);
  const TargetsLoad warm = load_targets({targets}, options);
  EXPECT_EQ(warm.cache.hits, 3u);
  expect_same_load(warm, plain);
}

TEST(TargetsCache, IdenticalFilesInOneLoadShareAnEntry) {
  test::ScratchDir root;
  root.write("t/a.toml", department("870") + project("P1"));
  root.write("t/b.toml", department("880") + project("P2"));
  root.write("t/c.toml", department("870") + project("P1"));  // written at the same time as a
  const TargetsCacheOptions options{root.path() + "/cache", "build-1"};
  const TargetsLoad plain = load_targets({root.path() + "/t"});
  const TargetsLoad cold = load_targets({root.path() + "/t"}, options);
  expect_same_load(cold, plain);
  EXPECT_EQ(entries(options.dir).size(), 2u);
  const TargetsLoad warm = load_targets({root.path() + "/t"}, options);
  EXPECT_EQ(warm.cache.hits, 3u);
  expect_same_load(warm, plain);
}

// The one entry of a one-file targets directory.
std::string only_entry(const std::string& cache) {
  const auto names = entries(cache);
  EXPECT_EQ(names.size(), 1u);
  return names.empty() ? std::string() : cache + "/" + *names.begin();
}

TEST(TargetsCache, EveryTruncationOfAnEntryIsAMiss) {
  test::ScratchDir root;
  const std::string file = root.write("t/w.toml", with_warnings());
  const TargetsLoad plain = load_targets({file});
  const TargetsCacheOptions options{root.path() + "/cache", "build-1"};
  load_targets({file}, options);
  const std::string entry = only_entry(options.dir);
  const std::string bytes = test::read_all(entry);
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << bytes.substr(0, n);
    const TargetsLoad load = load_targets({file}, options);
    ASSERT_EQ(load.cache.hits, 0u) << "length " << n;
    ASSERT_EQ(load.cache.stored, 1u) << "length " << n;  // rewritten whole
    expect_same_load(load, plain);
    ASSERT_EQ(test::read_all(entry), bytes);
  }
  EXPECT_EQ(load_targets({file}, options).cache.hits, 1u);
}

TEST(TargetsCache, CorruptedEntriesAreMisses) {
  test::ScratchDir root;
  const std::string file = root.write("t/w.toml", with_warnings());
  const TargetsLoad plain = load_targets({file});
  const TargetsCacheOptions options{root.path() + "/cache", "build-1"};
  load_targets({file}, options);
  const std::string entry = only_entry(options.dir);
  const std::string bytes = test::read_all(entry);
  std::mt19937 random(1201);  // fixed seed: the same flips every run
  std::uniform_int_distribution<std::size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> mask(1, 255);
  for (int i = 0; i < 300; ++i) {
    std::string corrupted = bytes;
    const std::size_t at = position(random);
    corrupted[at] = static_cast<char>(corrupted[at] ^ mask(random));
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << corrupted;
    const TargetsLoad load = load_targets({file}, options);
    ASSERT_EQ(load.cache.hits, 0u) << "byte " << at;
    expect_same_load(load, plain);
  }
  // One extra byte at the end is no entry either.
  std::ofstream(entry, std::ios::binary | std::ios::trunc) << bytes << 'x';
  EXPECT_EQ(load_targets({file}, options).cache.hits, 0u);
}

TEST(TargetsCache, AnotherFilesEntryUnderThisKeyIsAMiss) {
  test::ScratchDir root;
  const std::string a = root.write("a/a.toml", department("890") + project("P1"));
  const std::string b = root.write("b/b.toml", department("891") + project("P2"));
  const TargetsCacheOptions options_a{root.path() + "/cache-a", "build-1"};
  const TargetsCacheOptions options_b{root.path() + "/cache-b", "build-1"};
  load_targets({a}, options_a);
  load_targets({b}, options_b);
  // b's key now names a's (valid, well-formed) entry.
  fs::copy_file(only_entry(options_a.dir), only_entry(options_b.dir),
                fs::copy_options::overwrite_existing);
  const TargetsLoad load = load_targets({b}, options_b);
  EXPECT_EQ(load.cache.hits, 0u);
  expect_same_load(load, load_targets({b}));
  ASSERT_EQ(load.targets.departments.size(), 1u);
  EXPECT_EQ(load.targets.departments[0].code, "891");
}

TEST(TargetsCache, StaleEntriesAndLeftoversAreRemovedOtherFilesKept) {
  ThreeFiles s;
  load_targets({s.targets}, s.options());
  ASSERT_EQ(entries(s.cache).size(), 3u);
  const std::string some_key(64, 'a');
  s.root.write("cache/" + some_key + ".tmp-123-0", "half an entry from a crash");
  s.root.write("cache/README", "not ours");
  fs::remove(s.targets + "/c-other.toml");
  const TargetsLoad load = load_targets({s.targets}, s.options());
  EXPECT_EQ(load.cache.hits, 2u);
  EXPECT_EQ(load.cache.removed, 2u);
  const auto left = entries(s.cache);
  EXPECT_EQ(left.size(), 3u);
  EXPECT_EQ(left.count("README"), 1u);
}

TEST(TargetsCache, AnUnusableCacheDirectoryStillLoads) {
  ThreeFiles s;
  const TargetsLoad plain = load_targets({s.targets});
  // A regular file where the directory should be, and a directory below a regular file.
  const std::string file = s.root.write("not-a-dir", "x");
  for (const std::string& dir : {file, file + "/cache"}) {
    const TargetsLoad load = load_targets({s.targets}, {dir, "build-1"});
    EXPECT_NE(load.cache.problem, "") << dir;
    EXPECT_EQ(load.cache.hits + load.cache.misses + load.cache.stored, 0u);
    expect_same_load(load, plain);
  }
  // A directory this user may not write to (root may write anywhere).
  if (::geteuid() != 0) {
    fs::create_directories(s.cache);
    fs::permissions(s.cache, fs::perms::owner_read | fs::perms::owner_exec);
    const TargetsLoad load = load_targets({s.targets}, s.options());
    EXPECT_NE(load.cache.problem, "");
    EXPECT_EQ(load.cache.stored, 0u);
    expect_same_load(load, plain);
    fs::permissions(s.cache, fs::perms::owner_all);
  }
}

TEST(TargetsCache, MissingDirectoryIsCreated) {
  ThreeFiles s;
  const std::string nested = s.root.path() + "/a/b/cache";
  EXPECT_EQ(load_targets({s.targets}, {nested, "build-1"}).cache.stored, 3u);
  EXPECT_EQ(entries(nested).size(), 3u);
}

TEST(TargetsCache, WithoutADirectoryNothingIsWritten) {
  ThreeFiles s;
  const TargetsLoad load = load_targets({s.targets}, {"", "build-1"});
  EXPECT_EQ(load.cache.hits + load.cache.misses + load.cache.stored, 0u);
  EXPECT_EQ(load.cache.problem, "");
  EXPECT_FALSE(fs::exists(s.cache));
}

}  // namespace
}  // namespace targetwatch
