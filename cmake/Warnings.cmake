# Warnings-as-errors and sanitizer flags, as INTERFACE targets every module links.
add_library(targetwatch_warnings INTERFACE)
target_compile_options(targetwatch_warnings INTERFACE -Wall -Wextra -Werror $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                       -Wnon-virtual-dtor -Wno-error=deprecated-declarations)
# GCC 12 at -O3 reports std::string concatenation as overlapping memcpy (-Wrestrict, GCC bug
# 105329) and std::optional members as maybe-uninitialized (bug 105562): false positives, still
# printed as warnings but not fatal in optimized builds.
target_compile_options(targetwatch_warnings INTERFACE
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-error=restrict -Wno-error=maybe-uninitialized>)

if(TARGETWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# tw_module(NAME <name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Declares the library targetwatch_<name> (alias targetwatch::<name>) rooted at daemon/<name>.
function(tw_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(targetwatch_${M_NAME} STATIC ${M_SOURCES})
  add_library(targetwatch::${M_NAME} ALIAS targetwatch_${M_NAME})
  target_include_directories(targetwatch_${M_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                             PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(targetwatch_${M_NAME} PUBLIC ${M_PUBLIC_DEPS}
                        PRIVATE targetwatch_warnings ${M_PRIVATE_DEPS})
endfunction()
