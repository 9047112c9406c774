// TargetsCacheDir: entry files (payload, key, checksum), their keys, and the program's build-id.
#include "targets_cache.h"

#include <fcntl.h>
#include <link.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "byte_codec.h"
#include "file_io.h"

namespace targetwatch::config_detail {
namespace {

constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kKeyChars = 2 * kDigestBytes;
constexpr std::string_view kKeyDomain = "targetwatch parsed-targets cache";

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

// SHA-256 over several pieces, as raw bytes.
std::string sha256(std::initializer_list<std::string_view> pieces) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
  for (std::string_view p : pieces) {
    ok = ok && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(ctx.get(), digest, &size) == 1 && size == kDigestBytes;
  // Only an allocation failure gets here; an empty digest never matches a stored one.
  if (!ok) return {};
  return std::string(reinterpret_cast<const char*>(digest), size);
}

bool is_key(std::string_view name) {
  return name.size() == kKeyChars && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct BuildIdSearch {
  const void* code = nullptr;  // an address inside the object we want
  std::optional<std::string> id;
};

// The NT_GNU_BUILD_ID note of one object's PT_NOTE segment, if it has one.
std::optional<std::string> build_id_note(const dl_phdr_info& info, const ElfW(Phdr) & ph) {
  // dl_iterate_phdr gives the load address as an integer: the cast is the API's.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  const auto* p = reinterpret_cast<const unsigned char*>(info.dlpi_addr + ph.p_vaddr);
  const unsigned char* end = p + ph.p_memsz;
  // Note fields are padded to the segment's alignment (4, or 8 for some 64-bit notes).
  const std::size_t align = ph.p_align == 8 ? 8 : 4;
  const auto padded = [align](std::size_t n) { return (n + align - 1) / align * align; };
  while (static_cast<std::size_t>(end - p) >= sizeof(ElfW(Nhdr))) {
    ElfW(Nhdr) note;
    std::memcpy(&note, p, sizeof note);
    const unsigned char* name = p + sizeof note;
    const std::size_t name_room = padded(note.n_namesz);
    const std::size_t desc_room = padded(note.n_descsz);
    if (static_cast<std::size_t>(end - name) < name_room + desc_room) break;
    const unsigned char* desc = name + name_room;
    if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0 &&
        note.n_descsz > 0) {
      return to_hex(desc, note.n_descsz);
    }
    p = desc + desc_room;
  }
  return std::nullopt;
}

int find_build_id(dl_phdr_info* info, std::size_t, void* data) {
  auto& search = *static_cast<BuildIdSearch*>(data);
  const auto code = reinterpret_cast<ElfW(Addr)>(search.code);
  bool contains = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const ElfW(Addr) start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && code >= start && code < start + ph.p_memsz) contains = true;
  }
  if (!contains) return 0;  // keep looking
  for (int i = 0; i < info->dlpi_phnum && !search.id; ++i) {
    if (info->dlpi_phdr[i].p_type == PT_NOTE) search.id = build_id_note(*info, info->dlpi_phdr[i]);
  }
  return 1;
}

}  // namespace

// Why the build-id: an entry is only as good as the parser that wrote it. A new build may read
// files differently (a new check, a new field, a changed default) while its encoding still
// decodes the old bytes, and the format version is bumped only when someone remembers. The
// linker's build-id is a hash of the whole linked object, so every build gets its own keys and
// never reads an older build's entries. The object that contains this code is asked (the
// program itself, since the config module is a static library). Without a build-id there is no
// such identity, and no cache is safer than a possibly wrong one.
std::optional<std::string> program_build_id() {
  BuildIdSearch search;
  search.code = reinterpret_cast<const void*>(&program_build_id);
  dl_iterate_phdr(&find_build_id, &search);
  return search.id;
}

std::string sha256_hex(std::string_view bytes) {
  const std::string digest = sha256({bytes});
  return to_hex(reinterpret_cast<const unsigned char*>(digest.data()), digest.size());
}

Result<TargetsCacheDir> TargetsCacheDir::open(const std::string& dir, std::string fingerprint) {
  namespace fs = std::filesystem;
  if (fingerprint.empty()) return Error{"no parser fingerprint"};
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{"cannot create directory: " + ec.message()};
  if (!fs::is_directory(dir, ec)) return Error{"not a directory"};
  return TargetsCacheDir(dir, std::move(fingerprint));
}

std::string TargetsCacheDir::key_of(std::string_view file_text) const {
  ByteWriter prefix;  // lengths keep (fingerprint, text) pairs from running into each other
  prefix.str(kKeyDomain);
  prefix.u32(kTargetsCodecVersion);
  prefix.str(fingerprint_);
  prefix.u64(file_text.size());
  const std::string digest = sha256({prefix.data(), file_text});
  return to_hex(reinterpret_cast<const unsigned char*>(digest.data()), digest.size());
}

// An entry: payload, then the key it was written for (64 hex digits), then the SHA-256 of both.
std::optional<CachedParse> TargetsCacheDir::load(const std::string& key) const {
  std::string error;  // a missing entry is the common miss; any other reason is one too
  const auto bytes = read_text_file(dir_ + "/" + key, error);
  if (!bytes || bytes->size() < kKeyChars + kDigestBytes) return std::nullopt;
  const std::string_view all(*bytes);
  const std::string_view body = all.substr(0, all.size() - kDigestBytes);
  const std::string_view payload = body.substr(0, body.size() - kKeyChars);
  if (body.substr(payload.size()) != key) return std::nullopt;  // another file's entry
  if (sha256({body}) != all.substr(body.size())) return std::nullopt;
  return decode_parsed_file(payload);
}

Result<Ok> TargetsCacheDir::store(const std::string& key, const ParsedFile& parsed,
                                  const std::vector<Diagnostic>& warnings,
                                  std::size_t writer) const {
  std::string entry = encode_parsed_file(parsed, warnings);
  entry += key;
  entry += sha256({entry});
  const std::string path = dir_ + "/" + key;
  const std::string temp =
      path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(writer);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Error{errno_text("cannot create " + temp)};
  const bool written = write_all(fd, entry);
  const std::string write_error = errno_text("cannot write " + temp);
  if (::close(fd) != 0 || !written) {
    ::unlink(temp.c_str());
    return Error{write_error};
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string error = errno_text("cannot rename " + temp);
    ::unlink(temp.c_str());
    return Error{error};
  }
  return Ok{};
}

Result<std::size_t> TargetsCacheDir::remove_unused(const std::set<std::string>& used) const {
  namespace fs = std::filesystem;
  std::size_t removed = 0;
  std::error_code ec;
  fs::directory_iterator it(dir_, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string_view key = std::string_view(name).substr(0, kKeyChars);
    if (!is_key(key)) continue;
    const bool entry = name.size() == kKeyChars;
    const bool temp = std::string_view(name).substr(kKeyChars).starts_with(".tmp-");
    if ((entry && used.count(name) == 0) || temp) {
      std::error_code remove_ec;
      if (fs::remove(it->path(), remove_ec)) ++removed;
    }
  }
  if (ec) return Error{"cannot list directory: " + ec.message()};
  return removed;
}

}  // namespace targetwatch::config_detail
