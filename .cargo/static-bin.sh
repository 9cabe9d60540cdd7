#!/bin/sh
# Cargo rustc wrapper (.cargo/config.toml): compiles the `briefly` executable with
# `-C target-feature=+crt-static -C relocation-model=static` when the host is Linux with glibc
# and the build is not for another target; every other rustc call is passed through as is.
#
# Why: a `briefly summarize` process spends a quarter of its CPU time in the dynamic loader
# (libc, libm, libgcc_s, relocations and their page faults) when linked dynamically; linked
# statically the same run takes 1.77 ms instead of 2.44 ms (DUC cluster d30001t, rusage of 300
# processes; see the README, "Speed"). Cargo offers no other stable way to give a flag to one
# crate only: `rustflags` reach proc-macro crates too, which cannot be static.
rustc=$1
shift
name= type= target= test=
prev=
for arg in "$@"; do
    case $prev in
        --crate-name) name=$arg ;;
        --crate-type) type=$arg ;;
        --target) target=$arg ;;
    esac
    case $arg in
        --test) test=1 ;;
        --target=*) target=${arg#--target=} ;;
    esac
    prev=$arg
done
if [ "$name" = briefly ] && [ "$type" = bin ] && [ -z "$test" ]; then
    host=$("$rustc" -vV 2>/dev/null | sed -n 's/^host: //p')
    case $host in
        *-linux-gnu)
            # Only for the host, and only if glibc's static library is installed (libc6-dev):
            # the compiler driver prints its full path, or just `libc.a` when it has none.
            libc_a=$(cc -print-file-name=libc.a 2>/dev/null)
            if { [ -z "$target" ] || [ "$target" = "$host" ]; } && [ "${libc_a#/}" != "$libc_a" ] &&
                [ -f "$libc_a" ]; then
                exec "$rustc" "$@" -C target-feature=+crt-static -C relocation-model=static
            fi
            ;;
    esac
fi
exec "$rustc" "$@"
